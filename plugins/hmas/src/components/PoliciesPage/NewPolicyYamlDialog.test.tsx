import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import {
  KarmadaPolicyObject,
  PolicyKind,
  policyKindNames,
} from '@h-mas/plugin-hmas-common';
import { HmasApi, hmasApiRef } from '../../api';
import { fakeHmasApi } from '../../testUtils/fakeApi';
import { NewPolicyYamlDialog } from './NewPolicyYamlDialog';
import { starterPolicies } from './policyStarters';

async function renderDialog(overrides: Partial<HmasApi> = {}) {
  const onCreated = jest.fn();
  const onClose = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[hmasApiRef, fakeHmasApi(overrides)]]}>
      <NewPolicyYamlDialog onClose={onClose} onCreated={onCreated} />
    </TestApiProvider>,
  );
  return { onCreated, onClose };
}

const dialog = () =>
  screen.getByRole('dialog', { name: 'New policy from YAML' });
const yamlText = () =>
  within(dialog()).getByLabelText('Policy YAML') as HTMLTextAreaElement;
const createButton = () =>
  within(dialog()).getByRole('button', { name: 'Create policy' });
const policyErrors = () =>
  within(dialog()).queryByRole('list', { name: 'Policy errors' });

function type(text: string) {
  fireEvent.change(yamlText(), { target: { value: text } });
}

async function chooseKind(kind: PolicyKind) {
  fireEvent.mouseDown(within(dialog()).getByRole('button', { name: /^Kind / }));
  fireEvent.click(within(screen.getByRole('listbox')).getByText(kind));
  await waitFor(() =>
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument(),
  );
}

const namespacedKinds: PolicyKind[] = ['PropagationPolicy', 'OverridePolicy'];

describe('NewPolicyYamlDialog', () => {
  it.each(policyKindNames)(
    'starts a %s from a starter that breaks no rule and creates it',
    async kind => {
      const createPolicy = jest.fn(async (p: KarmadaPolicyObject) => p);
      const { onCreated } = await renderDialog({ createPolicy });
      await chooseKind(kind);

      expect(yamlText().value).toContain(`\nkind: ${kind}\n`);
      expect(policyErrors()).toBeNull();
      expect(yamlText()).not.toHaveAttribute('aria-invalid', 'true');
      expect(createButton()).toBeEnabled();
      const namespaced = namespacedKinds.includes(kind);
      expect(within(dialog()).queryByLabelText('Namespace') !== null).toBe(
        namespaced,
      );

      fireEvent.click(createButton());
      await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
      const starter = starterPolicies[kind];
      expect(createPolicy).toHaveBeenCalledWith({
        ...starter,
        metadata: {
          ...starter.metadata,
          ...(namespaced ? { namespace: 'default' } : {}),
        },
      });
    },
  );

  it('replaces the starter when the kind changes, but never an edited text', async () => {
    await renderDialog();
    expect(yamlText().value).toContain('kind: PropagationPolicy\n');

    await chooseKind('OverridePolicy');
    expect(yamlText().value).toContain('kind: OverridePolicy\n');
    expect(yamlText().value).toContain(
      'path: /spec/template/spec/schedulerName',
    );
    expect(within(dialog()).getByLabelText('Namespace')).toHaveValue('default');

    const edited = yamlText().value.replace(
      'name: llama-scheduler',
      'name: llama-volcano',
    );
    type(edited);
    await chooseKind('ClusterOverridePolicy');
    expect(yamlText().value).toBe(edited);
    expect(within(dialog()).queryByLabelText('Namespace')).toBeNull();
    expect(policyErrors()).toHaveTextContent(
      'kind: must be ClusterOverridePolicy, the kind chosen (got "OverridePolicy")',
    );
    expect(createButton()).toBeDisabled();

    await chooseKind('OverridePolicy');
    expect(yamlText().value).toBe(edited);
    expect(policyErrors()).toBeNull();
    expect(createButton()).toBeEnabled();
  });

  it('names the line of a YAML syntax error and does not create', async () => {
    const createPolicy = jest.fn();
    await renderDialog({ createPolicy });
    type('apiVersion: policy.karmada.io/v1alpha1\nkind: [\n');

    expect(yamlText()).toHaveAttribute('aria-invalid', 'true');
    expect(
      within(dialog()).getByText(/^Line 2: Flow sequence in block collection/),
    ).toBeInTheDocument();
    expect(createButton()).toBeDisabled();
    fireEvent.click(createButton());
    expect(createPolicy).not.toHaveBeenCalled();
  });

  it('lists the fields that break Karmada’s rules as you type', async () => {
    await renderDialog();
    type(
      yamlText()
        .value.replace(
          'replicaSchedulingType: Divided',
          'replicaSchedulingType: Sometimes',
        )
        .replace('name: llama-propagation', 'name: Llama_Propagation'),
    );

    const errors = policyErrors();
    expect(errors).toHaveTextContent(
      'spec.placement.replicaScheduling.replicaSchedulingType: must be Duplicated or Divided (got "Sometimes")',
    );
    expect(errors).toHaveTextContent('metadata.name: must be a DNS-1123');
    expect(createButton()).toBeDisabled();

    type(yamlText().value.replace('Sometimes', 'Duplicated'));
    expect(policyErrors()).not.toHaveTextContent('replicaSchedulingType');
    expect(createButton()).toBeDisabled();
  });

  it('puts the policy in the namespace chosen and names a namespace that differs', async () => {
    const createPolicy = jest.fn(async (p: KarmadaPolicyObject) => p);
    await renderDialog({ createPolicy });
    const namespace = within(dialog()).getByLabelText('Namespace');

    fireEvent.change(namespace, { target: { value: '' } });
    expect(policyErrors()).toHaveTextContent(
      'metadata.namespace: is required for a PropagationPolicy',
    );
    expect(namespace).toHaveAttribute('aria-invalid', 'true');
    expect(createButton()).toBeDisabled();

    fireEvent.change(namespace, { target: { value: 'ml-team' } });
    type(
      yamlText().value.replace(
        'name: llama-propagation',
        'name: llama-propagation\n  namespace: default',
      ),
    );
    expect(policyErrors()).toHaveTextContent(
      'metadata.namespace: must be the namespace chosen, "ml-team" (or left out)',
    );
    expect(createButton()).toBeDisabled();

    type(yamlText().value.replace('namespace: default', 'namespace: ml-team'));
    expect(policyErrors()).toBeNull();
    fireEvent.click(createButton());
    await waitFor(() => expect(createPolicy).toHaveBeenCalledTimes(1));
    expect(createPolicy.mock.calls[0][0].metadata).toEqual({
      name: 'llama-propagation',
      namespace: 'ml-team',
    });
  });

  it('creates the object parsed from the edited text', async () => {
    const createPolicy = jest.fn(async (p: KarmadaPolicyObject) => p);
    const { onCreated } = await renderDialog({ createPolicy });
    await chooseKind('ClusterPropagationPolicy');
    type(
      [
        'apiVersion: policy.karmada.io/v1alpha1',
        'kind: ClusterPropagationPolicy',
        'metadata:',
        '  name: embeddings-everywhere',
        '  labels:',
        '    team: search',
        'spec:',
        '  resourceSelectors:',
        '  - apiVersion: apps/v1',
        '    kind: Deployment',
        '    namespace: search',
        '  placement:',
        '    clusterAffinity:',
        '      clusterNames: [cpu-oregon, gpu-gen-tokyo]',
        '    replicaScheduling:',
        '      replicaSchedulingType: Duplicated',
        '',
      ].join('\n'),
    );
    fireEvent.click(createButton());

    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    expect(createPolicy).toHaveBeenCalledWith({
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'ClusterPropagationPolicy',
      metadata: { name: 'embeddings-everywhere', labels: { team: 'search' } },
      spec: {
        resourceSelectors: [
          { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'search' },
        ],
        placement: {
          clusterAffinity: { clusterNames: ['cpu-oregon', 'gpu-gen-tokyo'] },
          replicaScheduling: { replicaSchedulingType: 'Duplicated' },
        },
      },
    });
  });

  it.each([
    {
      status: 409,
      name: 'ConflictError',
      message:
        'PropagationPolicy default/llama-propagation already exists in Karmada',
    },
    {
      status: 400,
      name: 'InputError',
      message:
        'Invalid policy: spec.resourceSelectors[0].kind: Deployment not served',
    },
  ])(
    'shows the server’s message on a $status and keeps the text',
    async ({ status, name, message }) => {
      const rejected = await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name, message },
            response: { statusCode: status },
          }),
          {
            status,
            statusText: name,
            headers: { 'content-type': 'application/json' },
          },
        ) as any,
      );
      const createPolicy = jest
        .fn()
        .mockRejectedValueOnce(rejected)
        .mockImplementation(async (p: KarmadaPolicyObject) => p);
      const { onCreated } = await renderDialog({ createPolicy });
      const edited = yamlText().value.replace(
        'name: llama-propagation',
        'name: llama-gpu',
      );
      type(edited);
      fireEvent.click(createButton());

      expect(await within(dialog()).findByText(message)).toBeInTheDocument();
      expect(yamlText().value).toBe(edited);
      expect(onCreated).not.toHaveBeenCalled();
      expect(createButton()).toBeEnabled();

      fireEvent.click(createButton());
      await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
      expect(createPolicy).toHaveBeenCalledTimes(2);
    },
  );

  it('chooses the kind from the keyboard', async () => {
    await renderDialog();
    const select = within(dialog()).getByRole('button', { name: /^Kind / });
    act(() => select.focus());
    fireEvent.keyDown(select, { key: 'ArrowDown' });
    const listbox = await screen.findByRole('listbox');
    const option = within(listbox).getByRole('option', {
      name: 'ClusterOverridePolicy',
    });
    act(() => option.focus());
    fireEvent.keyDown(option, { key: 'Enter' });

    await waitFor(() =>
      expect(yamlText().value).toContain('kind: ClusterOverridePolicy\n'),
    );
    expect(within(dialog()).queryByLabelText('Namespace')).toBeNull();
  });
});
