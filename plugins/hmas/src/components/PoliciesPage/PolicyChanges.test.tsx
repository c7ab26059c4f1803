import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuditEntry } from '@h-mas/plugin-hmas-common';
import { hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import { PolicyChanges } from './PolicyChanges';

const spec = (tolerationSeconds: number) => ({
  resourceSelectors: [
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' },
  ],
  placement: {
    clusterAffinity: { labelSelector: { matchLabels: { 'gpu-tier': 'high' } } },
  },
  failover: {
    application: { decisionConditions: { tolerationSeconds } },
  },
});

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

const placementSummary = {
  type: 'propagation',
  resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'llama' }],
  placement: {
    clusterNames: [],
    labelSelectors: ['gpu-tier=high'],
    affinityGroups: [],
    replicaSchedulingType: 'Duplicated',
  },
};

async function renderChanges(entries: AuditEntry[]) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[hmasApiRef, fakeHmasApi({ listAudit: async () => entries })]]}
    >
      <PolicyChanges
        kind="PropagationPolicy"
        name="llama-propagation"
        namespace="default"
      />
    </TestApiProvider>,
  );
  const list = await screen.findByRole('list', {
    name: 'Changes to this policy',
  });
  return within(list).getAllByRole('listitem');
}

/** The diff's lines as shown: `+ `, `− ` or two blanks, then the YAML line. */
function diffLines(region: HTMLElement) {
  return Array.from(region.querySelectorAll('ins, del, span > span'))
    .map(l => l.textContent ?? '')
    .filter(l => !l.startsWith('@@'));
}

describe('PolicyChanges', () => {
  it('shows the diff of a replace on request, collapsed by default and usable by keyboard', async () => {
    const user = userEvent.setup();
    const [item] = await renderChanges([
      entry(2, {
        details: {
          kind: 'PropagationPolicy',
          resourceVersion: '8',
          fromResourceVersion: '7',
          summary: placementSummary,
          before: { spec: spec(60) },
          after: {
            metadata: { labels: { team: 'ml' } },
            spec: spec(120),
          },
        },
      }),
    ]);
    const label =
      'Diff: replaced PropagationPolicy default/llama-propagation, resourceVersion 7 → 8';
    const toggle = within(item).getByRole('button', { name: 'Show diff' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(item).queryByRole('region', { name: label })).toBeNull();
    // The summary stays visible while the diff is collapsed.
    expect(item).toHaveTextContent('Placement after: gpu-tier=high');

    await user.tab();
    expect(toggle).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveTextContent('Hide diff');
    const region = within(item).getByRole('region', { name: label });
    expect(
      document.getElementById(toggle.getAttribute('aria-controls')!),
    ).toContainElement(region);
    expect(diffLines(region)).toEqual([
      '+ metadata:',
      '+   labels:',
      '+     team: ml',
      '  spec:',
      '    resourceSelectors:',
      '      - apiVersion: apps/v1',
      // The unchanged placement between the two hunks is left out.
      '    failover:',
      '      application:',
      '        decisionConditions:',
      '−         tolerationSeconds: 60',
      '+         tolerationSeconds: 120',
    ]);

    await user.keyboard(' ');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveTextContent('Show diff');
  });

  it('shows a create as all added and a delete as all removed', async () => {
    const user = userEvent.setup();
    const [deleted, created] = await renderChanges([
      entry(2, {
        action: 'policy.delete',
        summary: 'deleted PropagationPolicy default/llama-propagation',
        details: {
          kind: 'PropagationPolicy',
          resourceVersion: '9',
          before: { spec: { resourceSelectors: [] } },
        },
      }),
      entry(1, {
        action: 'policy.create',
        summary: 'created PropagationPolicy default/llama-propagation',
        details: {
          kind: 'PropagationPolicy',
          resourceVersion: '5',
          after: { spec: { resourceSelectors: [] } },
        },
      }),
    ]);
    await user.click(
      within(deleted).getByRole('button', { name: 'Show diff' }),
    );
    expect(diffLines(within(deleted).getByRole('region'))).toEqual([
      '− spec:',
      '−   resourceSelectors: []',
    ]);
    await user.click(
      within(created).getByRole('button', { name: 'Show diff' }),
    );
    expect(diffLines(within(created).getByRole('region'))).toEqual([
      '+ spec:',
      '+   resourceSelectors: []',
    ]);
  });

  it('falls back to the summary for entries without before and after', async () => {
    const [tooLarge, older] = await renderChanges([
      entry(2, {
        details: {
          kind: 'PropagationPolicy',
          resourceVersion: '3',
          summary: placementSummary,
          statesOmitted: true,
        },
      }),
      entry(1, {
        details: {
          kind: 'PropagationPolicy',
          resourceVersion: '2',
          fromResourceVersion: '1',
          summary: placementSummary,
        },
      }),
    ]);
    for (const item of [tooLarge, older]) {
      expect(within(item).queryByRole('button')).toBeNull();
      expect(item).toHaveTextContent(
        'Placement after: gpu-tier=high · Duplicated',
      );
    }
    expect(tooLarge).toHaveTextContent(
      'The policy was too large to record its before and after.',
    );
    expect(older).not.toHaveTextContent('too large');
  });
});
