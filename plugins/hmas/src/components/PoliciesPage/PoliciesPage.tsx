import { TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Link from '@material-ui/core/Link';
import CodeIcon from '@material-ui/icons/Code';
import RefreshIcon from '@material-ui/icons/Refresh';
import {
  PolicyInfo,
  PolicyKind,
  policyKindNames,
} from '@h-mas/plugin-hmas-common';
import { useRef, useState } from 'react';
import { useReloadable } from '../../hooks/useReloadable';
import { hmasApiRef } from '../../api';
import { AddButton } from '../shared/AddButton';
import { DataTable } from '../shared/DataTable';
import { FilterBar } from '../shared/FilterBar';
import { FilterSelect } from '../shared/FilterSelect';
import { describePlacement, describeSelects } from './describePolicy';
import { NewPolicyDialog } from './NewPolicyDialog';
import { NewPolicyYamlDialog } from './NewPolicyYamlDialog';
import { PolicyDialog } from './PolicyDialog';
import { policyRef } from './policyRef';
import { PresetsSection } from './PresetsSection';
import { hmasPolicyCreatePermission } from '@h-mas/plugin-hmas-common';
import { useHmasPermission } from '../../hooks/useHmasPermission';
import { Permitted } from '../shared/Permitted';
import { useConfirm } from '../shared/useConfirm';

/**
 * The Karmada federation policies (what each selects and where it places it), with a kind
 * filter; each opens with its YAML, its edit (form or YAML, reviewed as a diff) and its
 * changes; a form for new propagation policies and a YAML editor for new policies of any
 * kind; below, the policy presets.
 *
 * @public
 */
export function PoliciesPage() {
  const confirm = useConfirm();
  const hmasApi = useApi(hmasApiRef);
  const [kind, setKind] = useState<PolicyKind | ''>('');
  const [open, setOpen] = useState<PolicyInfo | undefined>();
  const [creating, setCreating] = useState<'form' | 'yaml' | undefined>();
  const mayCreate = useHmasPermission(hmasPolicyCreatePermission, {
    what: 'create policies (platform admins may)',
  });
  // The backend's cache misses policies written outside this page (a deployment's own
  // propagation policy): the first load and Refresh re-read them from Karmada.
  const [reloads, setReloads] = useState(0);
  const fromKarmada = useRef(true);
  const { value, loading, error, retry } = useReloadable(() => {
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
    confirm('Policy created in Karmada');
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
      <FilterBar label="Filter the federation policies">
        <FilterSelect<PolicyKind>
          id="hmas-policies-filter-kind"
          label="Kind"
          value={kind}
          onChange={setKind}
          options={policyKindNames.map(k => [k, k] as const)}
          minWidth={240}
        />
        <Button startIcon={<RefreshIcon />} onClick={reload} disabled={loading}>
          Refresh
        </Button>
        <Box flexGrow={1} />
        <Permitted state={mayCreate}>
          <Button
            variant="outlined"
            color="primary"
            startIcon={<CodeIcon />}
            onClick={() => setCreating('yaml')}
            style={{ marginRight: 8 }}
          >
            New policy from YAML
          </Button>
        </Permitted>
        <Permitted state={mayCreate}>
          <AddButton onClick={() => setCreating('form')}>
            New propagation policy
          </AddButton>
        </Permitted>
      </FilterBar>
      <DataTable<PolicyInfo>
        title="Federation policies"
        error={error}
        isLoading={loading && !value}
        columns={columns}
        data={value ?? []}
        emptyTitle={kind ? `No ${kind} yet` : 'No federation policies yet'}
        emptyDescription="Deployments create their propagation policies; platform teams can add their own with New propagation policy or New policy from YAML."
      />
      <Box mt={4}>
        <PresetsSection />
      </Box>
      {open && (
        <PolicyDialog
          policy={open}
          onClose={() => setOpen(undefined)}
          onDeleted={() => {
            confirm(`Policy ${open.name} deleted`);
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
