import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  AuditEntry,
  KarmadaPolicyObject,
  PolicyInfo,
  ZoneGroup,
} from '@h-mas/plugin-hmas-common';
import { HmasApi, hmasApiRef } from '../../api';
import { fakeHmasApi, testCluster } from '../../testUtils/fakeApi';
import { PolicyDialog } from './PolicyDialog';

const summary = {
  clusters: 0,
  readyClusters: 0,
  gpu: { allocatable: '0', allocated: '0' },
} as unknown as ZoneGroup['summary'];

const zoneGroups: ZoneGroup[] = [
  {
    zone: 'gpu-high',
    title: 'GPU High Performance',
    summary,
    clusters: [testCluster('gpu-high-virginia', { zone: 'gpu-high' })],
  },
  {
    zone: 'gpu-general',
    title: 'GPU General',
    summary,
    clusters: [testCluster('gpu-gen-frankfurt', { zone: 'gpu-general' })],
  },
  {
    zone: 'cpu-only',
    title: 'CPU Only',
    summary,
    clusters: [testCluster('cpu-oregon', { zone: 'cpu-only' })],
  },
];

const info: PolicyInfo = {
  kind: 'PropagationPolicy',
  namespace: 'default',
  name: 'llama-propagation',
  resourceVersion: '7',
  summary: {
    type: 'propagation',
    resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' }],
    placement: {
      clusterNames: [],
      labelSelectors: ['gpu-tier=general'],
      affinityGroups: [],
      replicaSchedulingType: 'Divided',
    },
  },
};

/** What a caller may write of a policy read: no status, no uid; its resourceVersion kept. */
function writable(policy: KarmadaPolicyObject) {
  const { status: _status, ...rest } = policy as KarmadaPolicyObject & {
    status?: unknown;
  };
  const { uid: _uid, ...metadata } = rest.metadata as Record<string, unknown>;
  return { ...rest, metadata };
}

const policyAt = (
  resourceVersion: string,
  tier = 'general',
): KarmadaPolicyObject => ({
  apiVersion: 'policy.karmada.io/v1alpha1',
  kind: 'PropagationPolicy',
  metadata: {
    name: 'llama-propagation',
    namespace: 'default',
    resourceVersion,
    uid: 'c0ffee',
    labels: { 'app.kubernetes.io/managed-by': 'h-mas' },
  },
  spec: {
    resourceSelectors: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
      { apiVersion: 'v1', kind: 'Service', name: 'llama' },
    ],
    placement: {
      clusterAffinity: { labelSelector: { matchLabels: { 'gpu-tier': tier } } },
      replicaScheduling: {
        replicaSchedulingType: 'Divided',
        replicaDivisionPreference: 'Weighted',
        weightPreference: { dynamicWeight: 'AvailableReplicas' },
      },
    },
    propagateDeps: true,
    failover: {
      application: { decisionConditions: { tolerationSeconds: 60 } },
    },
  },
  status: { observedGeneration: 3 },
});

async function responseError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: status === 409 ? 'Conflict' : 'Bad Request',
        headers: { 'content-type': 'application/json' },
      },
    ) as any,
  );
}

async function choose(label: string, option: string) {
  fireEvent.mouseDown(
    screen.getByRole('button', { name: new RegExp(`^${label} `) }),
  );
  fireEvent.click(within(screen.getByRole('listbox')).getByText(option));
  await waitFor(() =>
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
  );
}

async function renderDialog(
  overrides: Partial<HmasApi>,
  policy: PolicyInfo = info,
) {
  const onChanged = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          hmasApiRef,
          fakeHmasApi({ listZoneGroups: async () => zoneGroups, ...overrides }),
        ],
      ]}
    >
      <PolicyDialog
        policy={policy}
        onClose={() => {}}
        onDeleted={() => {}}
        onChanged={onChanged}
      />
    </TestApiProvider>,
  );
  return { onChanged };
}

const editDialog = () =>
  screen.findByRole('dialog', { name: 'Edit propagation policy' });
const reviewDialog = () =>
  screen.findByRole('dialog', { name: 'Review changes' });

async function openEdit() {
  fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
  return editDialog();
}

describe('Editing a policy', () => {
  it('opens the form prefilled, read-only name and namespace, with what it keeps', async () => {
    await renderDialog({ getPolicy: async () => policyAt('7') });
    const dialog = await openEdit();

    expect(within(dialog).getByLabelText('Name')).toHaveValue(
      'llama-propagation',
    );
    expect(within(dialog).getByLabelText('Name')).toHaveAttribute('readonly');
    expect(within(dialog).getByLabelText('Namespace')).toHaveValue('default');
    expect(within(dialog).getByLabelText('Namespace')).toHaveAttribute(
      'readonly',
    );
    expect(within(dialog).getByLabelText('Resource name')).toHaveValue('llama');
    expect(
      within(dialog).getByRole('button', { name: /^Placement By zone/ }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: /^Zone GPU General/ }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByLabelText('Divided by available replicas'),
    ).toBeChecked();
    await waitFor(() =>
      expect(
        within(dialog).getByRole('list', { name: 'Matches now' }),
      ).toHaveTextContent('Placement: gpu-gen-frankfurt'),
    );
    expect(within(dialog).getByText(/Kept as they are/)).toHaveTextContent(
      'metadata.labels, spec.resourceSelectors[1], spec.propagateDeps, spec.failover',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Review changes' }),
    ).toBeInTheDocument();
  });

  it('shows the diff and saves the merged object with the resourceVersion read', async () => {
    const getPolicy = jest
      .fn()
      .mockResolvedValueOnce(policyAt('7'))
      .mockResolvedValue(policyAt('8', 'high'));
    const replacePolicy = jest.fn(async (p: KarmadaPolicyObject) => ({
      ...p,
      metadata: { ...p.metadata, resourceVersion: '8' },
    }));
    const { onChanged } = await renderDialog({ getPolicy, replacePolicy });
    await openEdit();
    await choose('Zone', 'GPU High Performance');
    fireEvent.click(screen.getByRole('button', { name: 'Review changes' }));

    const review = await reviewDialog();
    const diff = within(review).getByRole('region', {
      name: 'Changes to the policy',
    });
    // Removed and added lines, indentation kept.
    expect(diff.querySelector('del')?.textContent).toBe(
      `− ${' '.repeat(10)}gpu-tier: general`,
    );
    expect(diff.querySelector('ins')?.textContent).toBe(
      `+ ${' '.repeat(10)}gpu-tier: high`,
    );
    expect(diff.querySelectorAll('ins, del')).toHaveLength(2);
    // Unchanged lines around the change, not the whole policy.
    expect(diff).toHaveTextContent('clusterAffinity:');
    expect(diff).not.toHaveTextContent('tolerationSeconds');

    fireEvent.click(within(review).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(replacePolicy).toHaveBeenCalledTimes(1));
    expect(replacePolicy).toHaveBeenCalledWith(writable(policyAt('7', 'high')));
    expect(
      await screen.findByText(/Saved\. Karmada has it at resourceVersion 8\./),
    ).toBeInTheDocument();
    expect(onChanged).toHaveBeenCalled();
    await waitFor(() => expect(getPolicy).toHaveBeenCalledTimes(2));
  });

  it('says "No changes" and cannot save an unchanged policy; Back returns to the form', async () => {
    const replacePolicy = jest.fn();
    await renderDialog({ getPolicy: async () => policyAt('7'), replacePolicy });
    await openEdit();
    fireEvent.click(screen.getByRole('button', { name: 'Review changes' }));
    const review = await reviewDialog();
    expect(within(review).getByText('No changes')).toBeInTheDocument();
    expect(within(review).getByRole('button', { name: 'Save' })).toBeDisabled();
    fireEvent.click(within(review).getByRole('button', { name: 'Back' }));
    expect(await editDialog()).toBeInTheDocument();
    expect(replacePolicy).not.toHaveBeenCalled();
  });

  it('offers a reload when the policy changed in Karmada (409) and restarts the edit from it', async () => {
    const conflict = await responseError(
      409,
      'ConflictError',
      'PropagationPolicy default/llama-propagation changed since it was read',
    );
    const getPolicy = jest
      .fn()
      .mockResolvedValueOnce(policyAt('7'))
      .mockResolvedValue(policyAt('9', 'none'));
    const replacePolicy = jest
      .fn()
      .mockRejectedValueOnce(conflict)
      .mockImplementation(async (p: KarmadaPolicyObject) => p);
    await renderDialog({ getPolicy, replacePolicy });
    await openEdit();
    await choose('Zone', 'GPU High Performance');
    fireEvent.click(screen.getByRole('button', { name: 'Review changes' }));
    fireEvent.click(
      within(await reviewDialog()).getByRole('button', { name: 'Save' }),
    );

    const review = await reviewDialog();
    expect(
      await within(review).findByText(
        /This policy changed in Karmada since you opened it/,
      ),
    ).toBeInTheDocument();
    expect(within(review).getByRole('button', { name: 'Save' })).toBeDisabled();
    fireEvent.click(within(review).getByRole('button', { name: 'Reload' }));

    const dialog = await editDialog();
    expect(getPolicy).toHaveBeenCalledTimes(2);
    // The edit starts again from the policy as Karmada has it now.
    expect(
      within(dialog).getByRole('button', { name: /^Zone CPU Only/ }),
    ).toBeInTheDocument();
    await choose('Zone', 'GPU General');
    fireEvent.click(screen.getByRole('button', { name: 'Review changes' }));
    fireEvent.click(
      within(await reviewDialog()).getByRole('button', { name: 'Save' }),
    );
    await waitFor(() => expect(replacePolicy).toHaveBeenCalledTimes(2));
    expect(replacePolicy).toHaveBeenLastCalledWith(
      writable(policyAt('9', 'general')),
    );
  });

  it('goes back to the form with the server’s message when the policy is rejected (400)', async () => {
    const rejected = await responseError(
      400,
      'InputError',
      'Invalid policy: spec.placement.clusterAffinity.clusterNames[0]: no such cluster',
    );
    const replacePolicy = jest.fn().mockRejectedValue(rejected);
    await renderDialog({ getPolicy: async () => policyAt('7'), replacePolicy });
    await openEdit();
    await choose('Placement', 'By cluster names');
    fireEvent.click(await screen.findByLabelText('cpu-oregon'));
    fireEvent.click(screen.getByRole('button', { name: 'Review changes' }));
    fireEvent.click(
      within(await reviewDialog()).getByRole('button', { name: 'Save' }),
    );

    const dialog = await editDialog();
    expect(
      await within(dialog).findByText(
        'Invalid policy: spec.placement.clusterAffinity.clusterNames[0]: no such cluster',
      ),
    ).toBeInTheDocument();
    // The form keeps what was entered.
    expect(
      within(dialog).getByRole('button', {
        name: /^Placement By cluster names/,
      }),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('cpu-oregon')).toBeChecked();
  });

  it('edits a policy the form cannot show as YAML, blocking the review while the YAML is invalid', async () => {
    const override: KarmadaPolicyObject = {
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'ClusterOverridePolicy',
      metadata: { name: 'gpu-image', resourceVersion: '3' },
      spec: {
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
        overrideRules: [
          {
            targetCluster: { clusterNames: ['gpu-a'] },
            overriders: {
              plaintext: [
                {
                  path: '/metadata/labels/tier',
                  operator: 'replace',
                  value: 'v1',
                },
              ],
            },
          },
        ],
      },
    };
    const replacePolicy = jest.fn(async (p: KarmadaPolicyObject) => p);
    await renderDialog(
      { getPolicy: async () => override, replacePolicy },
      {
        kind: 'ClusterOverridePolicy',
        namespace: '',
        name: 'gpu-image',
        resourceVersion: '3',
        summary: { type: 'override', resources: [], rules: [] },
      },
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Edit YAML' }));
    expect(
      screen.queryByRole('button', { name: 'Edit' }),
    ).not.toBeInTheDocument();

    const dialog = await screen.findByRole('dialog', {
      name: 'Edit policy YAML',
    });
    const textarea = within(dialog).getByLabelText('Policy YAML');
    const text = (textarea as HTMLTextAreaElement).value;
    expect(text).toContain('value: v1');
    expect(text).not.toContain('resourceVersion');
    const review = within(dialog).getByRole('button', {
      name: 'Review changes',
    });
    expect(review).toBeEnabled();

    fireEvent.change(textarea, {
      target: { value: text.replace('value: v1', 'value: [v2') },
    });
    expect(
      within(dialog).getByText(
        /^Line \d+: Flow sequence in block collection must be sufficiently indented and end with a \]$/,
      ),
    ).toBeInTheDocument();
    expect(review).toBeDisabled();

    fireEvent.change(textarea, {
      target: { value: text.replace('operator: replace', 'operator: swap') },
    });
    expect(
      within(dialog).getByRole('list', { name: 'Policy errors' }),
    ).toHaveTextContent('operator');
    expect(review).toBeDisabled();

    fireEvent.change(textarea, {
      target: { value: text.replace('value: v1', 'value: v2') },
    });
    expect(review).toBeEnabled();
    fireEvent.click(review);
    const diff = within(await reviewDialog()).getByRole('region', {
      name: 'Changes to the policy',
    });
    expect(diff.querySelector('del')).toHaveTextContent('value: v1');
    expect(diff.querySelector('ins')).toHaveTextContent('value: v2');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(replacePolicy).toHaveBeenCalledTimes(1));
    const sent = replacePolicy.mock.calls[0][0];
    expect(sent.metadata).toEqual({ name: 'gpu-image', resourceVersion: '3' });
    expect((sent.spec as any).overrideRules[0].overriders).toEqual({
      plaintext: [
        { path: '/metadata/labels/tier', operator: 'replace', value: 'v2' },
      ],
    });
  });

  it('keeps the YAML and shows the server’s message when it rejects the edit (400)', async () => {
    const rejected = await responseError(
      400,
      'InputError',
      'Invalid policy: spec.failover.application.purgeMode: unknown',
    );
    await renderDialog({
      getPolicy: async () => policyAt('7'),
      replacePolicy: jest.fn().mockRejectedValue(rejected),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Edit YAML' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit policy YAML',
    });
    const textarea = within(dialog).getByLabelText('Policy YAML');
    const edited = (textarea as HTMLTextAreaElement).value.replace(
      'tolerationSeconds: 60',
      'tolerationSeconds: 90',
    );
    fireEvent.change(textarea, { target: { value: edited } });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Review changes' }),
    );
    fireEvent.click(
      within(await reviewDialog()).getByRole('button', { name: 'Save' }),
    );
    const back = await screen.findByRole('dialog', {
      name: 'Edit policy YAML',
    });
    expect(
      await within(back).findByText(
        'Invalid policy: spec.failover.application.purgeMode: unknown',
      ),
    ).toBeInTheDocument();
    expect(within(back).getByLabelText('Policy YAML')).toHaveValue(edited);
  });
});

describe('The changes of a policy', () => {
  const entry = (id: number, patch: Partial<AuditEntry>): AuditEntry => ({
    id,
    createdAt: '2026-11-23T09:00:00.000Z',
    outcome: 'succeeded',
    actor: 'user:default/ada',
    source: 'ui',
    action: 'policy.update',
    targetKind: 'policy',
    targetName: 'default/llama-propagation',
    summary: 'replaced PropagationPolicy default/llama-propagation',
    ...patch,
  });

  it('lists who changed the policy, when, how and what, for this kind only', async () => {
    const listAudit = jest.fn(async () => [
      entry(3, {
        details: {
          kind: 'PropagationPolicy',
          resourceVersion: '7',
          fromResourceVersion: '6',
          summary: info.summary,
        },
      }),
      entry(2, {
        actor: 'user:default/bob',
        summary: 'created OverridePolicy default/llama-propagation',
        details: { kind: 'OverridePolicy', resourceVersion: '2' },
      }),
      entry(1, {
        source: 'scaffolder',
        action: 'policy.create',
        summary: 'created PropagationPolicy default/llama-propagation',
        details: { kind: 'PropagationPolicy', resourceVersion: '5' },
      }),
    ]);
    await renderDialog({ getPolicy: async () => policyAt('7'), listAudit });
    fireEvent.click(await screen.findByRole('tab', { name: 'Changes' }));

    const list = await screen.findByRole('list', {
      name: 'Changes to this policy',
    });
    expect(listAudit).toHaveBeenCalledWith({
      targetKind: 'policy',
      targetName: 'default/llama-propagation',
    });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(
      'replaced PropagationPolicy default/llama-propagation',
    );
    expect(items[0]).toHaveTextContent('user:default/ada');
    expect(items[0]).toHaveTextContent('via ui');
    expect(items[0]).toHaveTextContent('resourceVersion 6 → 7');
    expect(items[0]).toHaveTextContent(
      'Placement after: gpu-tier=general · Divided',
    );
    expect(items[1]).toHaveTextContent('via scaffolder · resourceVersion 5');
    expect(list).not.toHaveTextContent('user:default/bob');
  });

  it('shows the empty and the error states', async () => {
    await renderDialog({ getPolicy: async () => policyAt('7') });
    fireEvent.click(await screen.findByRole('tab', { name: 'Changes' }));
    expect(
      await screen.findByText(/No changes recorded for this policy/),
    ).toBeInTheDocument();
  });

  it('shows an error when the audit log cannot be read', async () => {
    await renderDialog({
      getPolicy: async () => policyAt('7'),
      listAudit: async () => {
        throw new Error('audit log unavailable');
      },
    });
    fireEvent.click(await screen.findByRole('tab', { name: 'Changes' }));
    expect(
      await screen.findByText('audit log unavailable'),
    ).toBeInTheDocument();
  });
});
