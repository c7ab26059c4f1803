import {
  EmptyState,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Link from '@material-ui/core/Link';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import AddIcon from '@material-ui/icons/Add';
import CodeIcon from '@material-ui/icons/Code';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  PolicyInfo,
  PolicyKind,
  policyKindNames,
} from '@h-mas/plugin-hmas-common';
import { useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { hmasApiRef } from '../../api';
import { describePlacement, describeSelects } from './describePolicy';
import { NewPolicyDialog } from './NewPolicyDialog';
import { NewPolicyYamlDialog } from './NewPolicyYamlDialog';
import { PolicyDialog } from './PolicyDialog';
import { policyRef } from './policyRef';
import { PresetsSection } from './PresetsSection';

/**
 * The Karmada federation policies (what each selects and where it places it), with a kind
 * filter; each opens with its YAML, its edit (form or YAML, reviewed as a diff) and its
 * changes; a form for new propagation policies and a YAML editor for new policies of any
 * kind; below, the policy presets.
 *
 * @public
 */
export function PoliciesPage() {
  const hmasApi = useApi(hmasApiRef);
  const [kind, setKind] = useState<PolicyKind | ''>('');
  const [open, setOpen] = useState<PolicyInfo | undefined>();
  const [creating, setCreating] = useState<'form' | 'yaml' | undefined>();
  // The backend's cache misses policies written outside this page (a deployment's own
  // propagation policy): the first load and Refresh re-read them from Karmada.
  const [reloads, setReloads] = useState(0);
  const fromKarmada = useRef(true);
  const { value, loading, error, retry } = useAsyncRetry(() => {
    const refresh = fromKarmada.current;
    fromKarmada.current = false;
    return hmasApi.listPolicies(kind || undefined, refresh ? { refresh } : {});
  }, [hmasApi, kind, reloads]);
  const reload = () => {
    fromKarmada.current = true;
    setReloads(n => n + 1);
  };

  const closeCreate = () => setCreating(undefined);
  const created = () => {
    setCreating(undefined);
    retry();
  };

  const columns: TableColumn<PolicyInfo>[] = [
    { title: 'Kind', field: 'kind' },
    {
      title: 'Name',
      highlight: true,
      render: p => (
        <Link component="button" variant="body2" onClick={() => setOpen(p)}>
          {policyRef(p)}
        </Link>
      ),
    },
    { title: 'Selects', render: p => describeSelects(p.summary) },
    {
      title: 'Placement / overrides',
      render: p => describePlacement(p.summary),
    },
  ];

  return (
    <>
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <TextField
          id="hmas-policies-filter-kind"
          select
          label="Kind"
          size="small"
          variant="outlined"
          value={kind}
          onChange={e => setKind(e.target.value as PolicyKind | '')}
          style={{ minWidth: 240, marginRight: 8 }}
        >
          <MenuItem value="">All</MenuItem>
          {policyKindNames.map(k => (
            <MenuItem key={k} value={k}>
              {k}
            </MenuItem>
          ))}
        </TextField>
        <Button startIcon={<RefreshIcon />} onClick={reload} disabled={loading}>
          Refresh
        </Button>
        <Box flexGrow={1} />
        <Button
          variant="outlined"
          color="primary"
          startIcon={<CodeIcon />}
          onClick={() => setCreating('yaml')}
          style={{ marginRight: 8 }}
        >
          New policy from YAML
        </Button>
        <Button
          variant="contained"
          color="primary"
          startIcon={<AddIcon />}
          onClick={() => setCreating('form')}
        >
          New propagation policy
        </Button>
      </Box>
      {error ? (
        <ResponseErrorPanel error={error} />
      ) : (
        <Table<PolicyInfo>
          title="Federation policies"
          isLoading={loading && !value}
          columns={columns}
          data={value ?? []}
          options={{
            paging: (value?.length ?? 0) > 20,
            pageSize: 20,
            search: false,
          }}
          emptyContent={
            <EmptyState
              missing="data"
              title={kind ? `No ${kind} yet` : 'No federation policies yet'}
              description="Deployments create their propagation policies; platform teams can add their own with New propagation policy or New policy from YAML."
            />
          }
        />
      )}
      <Box mt={4}>
        <PresetsSection />
      </Box>
      {open && (
        <PolicyDialog
          policy={open}
          onClose={() => setOpen(undefined)}
          onDeleted={() => {
            setOpen(undefined);
            retry();
          }}
          onChanged={retry}
        />
      )}
      {creating === 'form' && (
        <NewPolicyDialog onClose={closeCreate} onCreated={created} />
      )}
      {creating === 'yaml' && (
        <NewPolicyYamlDialog onClose={closeCreate} onCreated={created} />
      )}
    </>
  );
}
