import { createExtensionTester } from '@backstage/frontend-test-utils';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  builtinRuntimes,
  clusterRegistrationSchema,
  deploymentSpecSchema,
  GPU_COUNT_BOUNDS,
  gpuModeTitle,
  kubernetesPatterns,
  MAX_CLUSTER_NAME_LENGTH,
  MAX_DEPLOYMENT_NAME_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_SUBDOMAIN_LENGTH,
  modelPresets,
  modelTitle,
  placeableZoneIds,
  POLICY_API_VERSION,
  REPLICA_BOUNDS,
  runtimeTitle,
  validatePolicy,
  zoneById,
  ZoneId,
} from '@h-mas/plugin-hmas-common';
import { validate as validateJsonSchema } from 'jsonschema';
import fs from 'node:fs';
import path from 'node:path';
import { createTemplateRenderer } from 'nunjitsu';
import { parse } from 'yaml';
import {
  hmasClusterPickerFormField,
  hmasEnvEditorFormField,
  hmasFormFields,
  hmasPresetPickerFormField,
  hmasResourcesEditorFormField,
  hmasRuntimeModelPickerFormField,
  hmasZonePickerFormField,
} from '.';

type Named = { name: string };

/**
 * Keeps templates/ honest: every template is a valid Template entity registered in
 * app-config.yaml, uses only fields and actions this app has, references only parameters and
 * steps that exist, and renders (with the scaffolder's template engine) to inputs that the
 * H-MAS schemas accept.
 */

const repoRoot = path.resolve(__dirname, '../../../..');
const templatesDir = path.join(repoRoot, 'templates');

/** Fields of @backstage/plugin-scaffolder and scaffolder-react. */
const builtinFields = [
  'EntityNamePicker',
  'EntityPicker',
  'EntityTagsPicker',
  'MultiEntityPicker',
  'MyGroupsPicker',
  'OwnedEntityPicker',
  'OwnerPicker',
  'RepoBranchPicker',
  'RepoOwnerPicker',
  'RepoUrlPicker',
  'Secret',
];

/** Actions of @h-mas/plugin-scaffolder-backend-module-hmas. */
const hmasActions = [
  'hmas:deployment:create',
  'hmas:deployment:delete',
  'hmas:manifests:render',
  'hmas:policy:propagation:create',
  'hmas:policy:override:create',
  'hmas:cluster:labels:update',
  'hmas:cluster:create',
];

/** Actions packages/backend registers besides H-MAS's: scaffolder-backend's and notifications. */
const builtinActions = [
  'catalog:fetch',
  'catalog:register',
  'catalog:write',
  'debug:log',
  'debug:wait',
  'fetch:plain',
  'fetch:plain:file',
  'fetch:template',
  'fetch:template:file',
  'fs:delete',
  'fs:readdir',
  'fs:rename',
  'workspace:template',
  'workspace:template:file',
  'notification:send',
];

const hmasTemplateFolders = [
  'deploy-model',
  'create-placement-policy',
  'register-cluster',
];

type Step = {
  id: string;
  name?: string;
  action: string;
  if?: string | boolean;
  input?: Record<string, unknown>;
};
type Template = {
  metadata: { name: string };
  spec: {
    parameters: Record<string, any>[];
    steps: Step[];
    output?: {
      links?: Record<string, unknown>[];
      text?: Record<string, unknown>[];
    };
  };
};

const templates = fs
  .readdirSync(templatesDir, { withFileTypes: true })
  .filter(d => d.isDirectory())
  .map(d => d.name)
  .filter(folder =>
    fs.existsSync(path.join(templatesDir, folder, 'template.yaml')),
  )
  .map(folder => ({
    folder,
    template: parse(
      fs.readFileSync(path.join(templatesDir, folder, 'template.yaml'), 'utf8'),
    ) as Template,
  }));

const templateOf = (folder: string) =>
  templates.find(t => t.folder === folder)!.template;

const usesHmas = (template: Template) =>
  template.spec.steps.some(s => s.action.startsWith('hmas:'));

/** Every value under `key` anywhere in `value`. */
function collect(value: unknown, key: string, found: unknown[] = []) {
  if (Array.isArray(value)) value.forEach(v => collect(v, key, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === key) found.push(v);
      collect(v, key, found);
    }
  }
  return found;
}

/** Names of the properties the parameter pages declare, dependencies included. */
function declaredParameters(template: Template): Set<string> {
  const names = new Set<string>();
  for (const properties of collect(template.spec.parameters, 'properties')) {
    Object.keys(properties as object).forEach(n => names.add(n));
  }
  return names;
}

const referenced = (value: unknown, pattern: RegExp) =>
  [...JSON.stringify(value).matchAll(pattern)].map(m => m[1] ?? m[2]);

// The scaffolder backend's renderer (NunjucksWorkflowRunner): a sole `${{ }}` keeps its type.
const renderer = createTemplateRenderer({ allowRegexExecution: true });

function render<T>(value: T, context: object): T {
  return JSON.parse(JSON.stringify(value), (_key, v) =>
    typeof v === 'string' ? renderer.renderValue(v, context as any) : v,
  );
}

const isTruthy = (v: unknown) =>
  !(
    v === false ||
    v === undefined ||
    v === null ||
    v === '' ||
    v === 0 ||
    (Array.isArray(v) && v.length === 0)
  );

/** An output link or text shows unless its `if` is falsy. */
const included = (item: { if?: unknown }) =>
  item.if === undefined || isTruthy(item.if);

const user = { ref: 'user:default/ada', entity: {} };

/**
 * Runs a template as the scaffolder would, with `outputs` standing in for the actions: which
 * steps run with which input, and the rendered output.
 */
function dryRun(
  template: Template,
  parameters: Record<string, unknown>,
  outputs: Record<string, Record<string, unknown>>,
) {
  const steps: Record<string, { output: Record<string, unknown> }> = {};
  const ran: Array<{ id: string; action: string; input: any }> = [];
  for (const step of template.spec.steps) {
    const context = { parameters, user, steps };
    if (step.if !== undefined && !isTruthy(render(step.if, context))) {
      continue;
    }
    ran.push({
      id: step.id,
      action: step.action,
      input: render(step.input ?? {}, context),
    });
    steps[step.id] = { output: outputs[step.id] ?? {} };
  }
  const output = render(template.spec.output ?? {}, {
    parameters,
    user,
    steps,
  });
  return {
    ran,
    input: (id: string) => ran.find(s => s.id === id)?.input,
    links: (output.links ?? []).filter(included),
    text: (output.text ?? []).filter(included),
  };
}

/** The form values the backend accepts: each parameter page's JSON schema, as it checks. */
function formErrors(template: Template, values: object): string[] {
  return template.spec.parameters.flatMap(page =>
    validateJsonSchema(values, page).errors.map(e => e.stack),
  );
}

/** Every JSON-schema node under `value` that has `key`, with its property name. */
function nodesWith(
  value: unknown,
  key: string,
  name = '',
): Array<[string, any]> {
  if (Array.isArray(value)) return value.flatMap(v => nodesWith(v, key, name));
  if (!value || typeof value !== 'object') return [];
  const own: Array<[string, any]> = key in value ? [[name, value]] : [];
  return [
    ...own,
    ...Object.entries(value).flatMap(([k, v]) =>
      nodesWith(v, key, k === 'items' || k === 'properties' ? name : k),
    ),
  ];
}

describe('templates', () => {
  it('has the H-MAS templates', () => {
    expect(templates.map(t => t.folder)).toEqual(
      expect.arrayContaining(hmasTemplateFolders),
    );
    expect(
      templates.filter(t => usesHmas(t.template)).map(t => t.folder),
    ).toEqual(expect.arrayContaining(hmasTemplateFolders));
  });

  describe.each(templates.map(t => [t.folder, t.template] as const))(
    '%s',
    (folder, template) => {
      it('is a valid Template entity', async () => {
        await expect(
          templateEntityV1beta3Validator.check(template as any),
        ).resolves.toBe(true);
      });

      it('is registered in app-config.yaml', () => {
        const config = parse(
          fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
        );
        const location = config.catalog.locations.find(
          (l: { target: string }) =>
            l.target === `../../templates/${folder}/template.yaml`,
        );
        expect(location).toMatchObject({
          type: 'file',
          rules: [{ allow: ['Template'] }],
        });
      });

      it('uses only the H-MAS and built-in fields', async () => {
        expect(hmasFormFields).toEqual([
          hmasZonePickerFormField,
          hmasClusterPickerFormField,
          hmasRuntimeModelPickerFormField,
          hmasResourcesEditorFormField,
          hmasEnvEditorFormField,
          hmasPresetPickerFormField,
        ]);
        const loaders = hmasFormFields
          // Every field has the same blueprint, so one type serves the tester.
          .map(field =>
            createExtensionTester(field as typeof hmasZonePickerFormField),
          )
          .map(tester =>
            tester.get(FormFieldBlueprint.dataRefs.formFieldLoader),
          );
        const hmasFields = await Promise.all(
          // createFormField keeps its options on the (opaque) field it returns.
          loaders.map(async load => ((await load()) as unknown as Named).name),
        );
        expect(hmasFields).toEqual([
          'HmasZonePicker',
          'HmasClusterPicker',
          'HmasRuntimeModelPicker',
          'HmasResourcesEditor',
          'HmasEnvEditor',
          'HmasPresetPicker',
        ]);
        for (const field of collect(template.spec.parameters, 'ui:field')) {
          expect([...hmasFields, ...builtinFields]).toContain(field);
        }
      });

      it('references only declared parameters and earlier steps', () => {
        const declared = declaredParameters(template);
        const { steps, output } = template.spec;
        for (const name of referenced(
          [steps, output],
          /parameters\.([A-Za-z_][A-Za-z0-9_]*)/g,
        )) {
          expect(declared).toContain(name);
        }
        const stepRef = /steps(?:\.([A-Za-z_][\w-]*)|\['([^']+)'\])/g;
        steps.forEach((step, index) => {
          const earlier = steps.slice(0, index).map(s => s.id);
          for (const id of referenced([step.input, step.if], stepRef)) {
            expect(earlier).toContain(id);
          }
        });
        for (const id of referenced(output, stepRef)) {
          expect(steps.map(s => s.id)).toContain(id);
        }
        expect(new Set(steps.map(s => s.id)).size).toBe(steps.length);
        for (const field of collect(
          template.spec.parameters,
          'runtimeModelField',
        )) {
          expect(declared).toContain(field);
        }
      });
    },
  );

  // The lengths each rule allows: the rule's own, or a tighter one H-MAS sets for a reason
  // (deployment names leave room for suffixes; Karmada prefixes cluster names).
  const maxLengths: Record<string, number[]> = {
    [kubernetesPatterns.dns1123Label]: [
      MAX_LABEL_LENGTH,
      MAX_CLUSTER_NAME_LENGTH,
    ],
    [kubernetesPatterns.dns1035Label]: [MAX_DEPLOYMENT_NAME_LENGTH],
    [kubernetesPatterns.dns1123Subdomain]: [MAX_SUBDOMAIN_LENGTH],
    [kubernetesPatterns.labelValue]: [MAX_LABEL_LENGTH],
    [kubernetesPatterns.lowercaseLabelValue]: [MAX_LABEL_LENGTH],
  };

  it.each(
    templates
      .filter(t => usesHmas(t.template))
      .map(t => [t.folder, t.template] as const),
  )(
    "%s: every field pattern and bound is one of hmas-common's Kubernetes rules",
    (_folder, template) => {
      // errorMessage objects have a `pattern` key too; fields are the typed nodes.
      const patterns = nodesWith(template.spec.parameters, 'pattern').filter(
        ([, node]) => node.type === 'string',
      );
      for (const [name, node] of patterns) {
        expect([name, Object.values(kubernetesPatterns)]).toEqual([
          name,
          expect.arrayContaining([node.pattern]),
        ]);
        // Quantities, env names and URLs have no length rule of their own.
        expect([name, maxLengths[node.pattern] ?? [undefined]]).toEqual([
          name,
          expect.arrayContaining([node.maxLength]),
        ]);
      }
      for (const [name, node] of nodesWith(
        template.spec.parameters,
        'maximum',
      )) {
        const bounds = { replicas: REPLICA_BOUNDS, gpu: GPU_COUNT_BOUNDS }[
          name
        ];
        expect([name, bounds]).toEqual([name, expect.anything()]);
        expect([name, node.minimum, node.maximum]).toEqual([
          name,
          bounds!.min,
          bounds!.max,
        ]);
      }
    },
  );

  it('checks patterns in the Deploy a model and Register a cluster templates', () => {
    const count = (folder: string) =>
      nodesWith(templateOf(folder).spec.parameters, 'pattern').filter(
        ([, node]) => node.type === 'string',
      ).length;
    expect(count('deploy-model')).toBeGreaterThanOrEqual(6);
    expect(count('register-cluster')).toBeGreaterThanOrEqual(3);
  });

  // Other templates may use actions of modules this app does not install (the example
  // publishes to GitHub); the ones that use H-MAS must run here.
  it.each(
    templates
      .filter(t => usesHmas(t.template))
      .map(t => [t.folder, t.template]),
  )(
    '%s uses only H-MAS and installed built-in actions',
    (_folder, template) => {
      for (const step of (template as Template).spec.steps) {
        expect([...hmasActions, ...builtinActions]).toContain(step.action);
      }
    },
  );
});

/**
 * Every schema node under `value` whose `oneOf` names its values (a branch a value, with
 * `enumNames`), by its property path: what the review step reads to name a value.
 */
function namingNodes(value: unknown, where = ''): Array<[string, any]> {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => namingNodes(v, `${where}[${i}]`));
  }
  if (!value || typeof value !== 'object') return [];
  const node = value as Record<string, any>;
  const own: Array<[string, any]> =
    Array.isArray(node.oneOf) && node.oneOf.some((b: any) => b?.enumNames)
      ? [[where, node]]
      : [];
  return [
    ...own,
    ...Object.entries(node).flatMap(([k, v]) =>
      namingNodes(v, `${where}/${k}`),
    ),
  ];
}

/** The values a naming node offers, each with its name. */
const namedValues = (node: any): Array<[unknown, string]> =>
  node.oneOf.map((branch: any) => [branch.enum[0], branch.enumNames[0]]);

describe('names of values', () => {
  const hmasTemplates = templates
    .filter(t => usesHmas(t.template))
    .map(t => [t.folder, t.template] as const);

  it.each(hmasTemplates)(
    '%s: names each value in a branch of its own, as RJSF and the review read it',
    (_folder, template) => {
      // RJSF warns about enumNames that list several values, even with ui:enumNames.
      for (const [name, node] of nodesWith(
        template.spec.parameters,
        'enumNames',
      )) {
        expect([name, node.enum?.length, node.enumNames.length]).toEqual([
          name,
          1,
          1,
        ]);
      }
      const nodes = namingNodes(template.spec.parameters);
      expect(nodes.length).toBeGreaterThan(0);
      for (const [where, node] of nodes) {
        for (const branch of node.oneOf) {
          expect([where, Object.keys(branch)]).toEqual([
            where,
            expect.arrayContaining(['enum', 'enumNames']),
          ]);
        }
        // A radio's label is the branch's title: the same name as in the review, and the
        // radio keeps its own title for the row (the review would take the branch's).
        const titled = node.oneOf.filter((b: any) => b.title !== undefined);
        expect([where, titled.map((b: any) => b.title)]).toEqual([
          where,
          titled.map((b: any) => b.enumNames[0]),
        ]);
        expect([
          where,
          titled.length > 0 ? node['ui:backstage']?.review?.name : node.title,
        ]).toEqual([where, node.title]);
      }
    },
  );

  it.each(hmasTemplates)(
    '%s: every yes-or-no question reads Yes or No in the review',
    (_folder, template) => {
      for (const [name, node] of nodesWith(template.spec.parameters, 'type')) {
        if (node.type !== 'boolean') continue;
        expect([name, namedValues(node)]).toEqual([
          name,
          [
            [true, 'Yes'],
            [false, 'No'],
          ],
        ]);
      }
    },
  );

  /** The zones `ids` with the names hmas-common gives them. */
  const namedZones = (ids: readonly string[]) =>
    ids.map(id => [id, zoneById(id as ZoneId).title]);

  /** The nodes of a template that a field renders. */
  const fieldNodes = (template: Template, field: string) =>
    nodesWith(template.spec.parameters, 'ui:field')
      .map(([, node]) => node)
      .filter(node => node['ui:field'] === field);

  it('Deploy a model: names runtimes, models, GPU modes and zones as hmas-common does', () => {
    const template = templateOf('deploy-model');
    const [runtimeModel] = fieldNodes(template, 'HmasRuntimeModelPicker');
    const { runtime, gpuMode, model } = runtimeModel.properties;
    expect(namedValues(runtime)).toEqual(
      builtinRuntimes.map(r => [r.id, runtimeTitle(r.id)]),
    );
    expect(namedValues(gpuMode)).toEqual(
      (['gpu', 'cpu'] as const).map(mode => [mode, gpuModeTitle(mode)]),
    );
    expect(namedValues(model.properties.preset)).toEqual(
      modelPresets.map(p => [p.id, modelTitle(p.id)]),
    );
    // Every part of a model the picker may set has a title for the review.
    expect(Object.keys(model.properties).sort()).toEqual(
      Object.keys(
        (deploymentSpecSchema.innerType().shape.model as any).shape,
      ).sort(),
    );
    const [zone] = fieldNodes(template, 'HmasZonePicker');
    expect(namedValues(zone)).toEqual(namedZones(placeableZoneIds));
  });

  it('Create a placement policy: names zones as hmas-common does', () => {
    const [zone] = fieldNodes(
      templateOf('create-placement-policy'),
      'HmasZonePicker',
    );
    expect(namedValues(zone)).toEqual(namedZones(placeableZoneIds));
  });

  it('Register a cluster: names zones as hmas-common does', () => {
    const zone =
      templateOf('register-cluster').spec.parameters[1].properties.zone;
    expect(namedValues(zone)).toEqual([
      ...namedZones(placeableZoneIds),
      ['none', `None (leave it ${zoneById('unclassified').title})`],
    ]);
  });
});

/** The deployment request the H-MAS backend validates: presetId is taken off first. */
function parseDeployment(input: Record<string, unknown>) {
  const { presetId: _presetId, ...spec } = input;
  return deploymentSpecSchema.safeParse(spec);
}

describe('Deploy a model', () => {
  const template = templateOf('deploy-model');
  const outputs = {
    render: { yaml: 'kind: Deployment\nmetadata:\n  name: x\n', manifests: [] },
    deploy: {
      id: '4b3c-id',
      name: 'qwen-chat',
      namespace: 'default',
      endpoint: 'http://qwen-chat.default.svc.cluster.local',
      yaml: '',
    },
  };
  const zonePreset = {
    name: 'qwen-chat',
    namespace: 'default',
    runtimeModel: {
      runtime: 'vllm',
      gpuMode: 'gpu',
      model: { preset: 'qwen2.5-7b-instruct' },
    },
    placementMode: 'zone',
    zone: 'gpu-high',
    replicas: 2,
    previewOnly: false,
  };

  it('deploys exactly the request it rendered: one mapping of the parameters', () => {
    const [renderStep, , deployStep] = template.spec.steps;
    expect([renderStep.action, deployStep.action]).toEqual([
      'hmas:manifests:render',
      'hmas:deployment:create',
    ]);
    expect(deployStep.input).toEqual(renderStep.input);
    const source = fs.readFileSync(
      path.join(templatesDir, 'deploy-model', 'template.yaml'),
      'utf8',
    );
    expect(source).toContain('input: *deployment');
  });

  it('renders, shows and deploys a preset in a zone, owned by the user', () => {
    expect(formErrors(template, zonePreset)).toEqual([]);
    const run = dryRun(template, zonePreset, outputs);
    expect(run.ran.map(s => s.action)).toEqual([
      'hmas:manifests:render',
      'debug:log',
      'hmas:deployment:create',
    ]);
    expect(run.input('manifests')).toEqual({ message: outputs.render.yaml });
    expect(run.input('deploy')).toEqual(run.input('render'));
    expect(run.input('deploy')).toEqual({
      name: 'qwen-chat',
      namespace: 'default',
      owner: 'user:default/ada',
      runtime: 'vllm',
      gpuMode: 'gpu',
      model: { preset: 'qwen2.5-7b-instruct' },
      replicas: 2,
      placement: { mode: 'zone', zone: 'gpu-high' },
      resources: {},
      storage: {},
    });
    expect(parseDeployment(run.input('deploy')).success).toBe(true);
    expect(run.links.map(l => [l.title, l.url ?? l.entityRef])).toEqual([
      ['Deployment in H-MAS', '/hmas/deployments?id=4b3c-id'],
      ['Deployment in the catalog', '/catalog/default/resource/qwen-chat'],
    ]);
    expect(run.text.map(t => t.title)).toEqual(['Endpoint']);
    expect(run.text[0].content).toContain(
      '`http://qwen-chat.default.svc.cluster.local`',
    );
  });

  it('deploys when the values leave out the preview flag', () => {
    const { previewOnly: _omitted, ...values } = zonePreset;
    const run = dryRun(template, values, outputs);
    expect(run.ran.map(s => s.id)).toEqual(['render', 'manifests', 'deploy']);
    expect(run.text.map(t => t.title)).toEqual(['Endpoint']);
  });

  it('previews a custom model on named clusters, linked to a service, without deploying', () => {
    const values = {
      name: 'tinyllama',
      namespace: 'ml-team',
      owner: 'group:default/ml-team',
      description: 'Small chat model',
      service: 'component:default/chat-assistant',
      runtimeModel: {
        runtime: 'llamacpp',
        gpuMode: 'cpu',
        model: {
          modelId: 'TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF',
          hfFile: 'tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf',
          sizeGb: 0.7,
        },
      },
      placementMode: 'clusters',
      // Left over from choosing a zone first: the placement mode decides.
      zone: 'gpu-high',
      clusters: ['edge-1', 'edge-2'],
      replicas: 1,
      resources: { cpu: '4', memory: '8Gi', gpu: 0 },
      storageSize: '20Gi',
      existingPvc: 'tinyllama-weights',
      env: { LLAMA_ARG_THREADS: '4' },
      presetId: 'spread-across-clusters',
      previewOnly: true,
    };
    expect(formErrors(template, values)).toEqual([]);
    const run = dryRun(template, values, outputs);
    expect(run.ran.map(s => s.id)).toEqual(['render', 'manifests']);
    const input = run.input('render');
    expect(input).toEqual({
      name: 'tinyllama',
      namespace: 'ml-team',
      owner: 'group:default/ml-team',
      description: 'Small chat model',
      entityRef: 'component:default/chat-assistant',
      runtime: 'llamacpp',
      gpuMode: 'cpu',
      model: values.runtimeModel.model,
      replicas: 1,
      placement: { mode: 'clusters', clusters: ['edge-1', 'edge-2'] },
      resources: { cpu: '4', memory: '8Gi', gpu: 0 },
      env: { LLAMA_ARG_THREADS: '4' },
      storage: { existingPvc: 'tinyllama-weights' },
      presetId: 'spread-across-clusters',
    });
    expect(parseDeployment(input).success).toBe(true);
    expect(run.links.map(l => [l.title, l.url ?? l.entityRef])).toEqual([
      ['Linked service', 'component:default/chat-assistant'],
    ]);
    expect(run.text.map(t => t.title)).toEqual([
      'Manifests (dry run, nothing was deployed)',
    ]);
    expect(run.text[0].content).toContain(outputs.render.yaml);
  });

  it('sizes a new model cache when a size is given', () => {
    const run = dryRun(
      template,
      {
        ...zonePreset,
        storageSize: '50Gi',
        resources: { gpu: 2, gpuType: 'a100' },
      },
      outputs,
    );
    expect(run.input('deploy')).toMatchObject({
      resources: { gpu: 2, gpuType: 'a100' },
      storage: { size: '50Gi' },
    });
    expect(parseDeployment(run.input('deploy')).success).toBe(true);
  });

  /** The outputs of a deploy that H-MAS placed in namespace `namespace`. */
  const deployedIn = (namespace: string) => ({
    ...outputs,
    deploy: { ...outputs.deploy, namespace },
  });

  it('links the catalog entity by the namespace H-MAS placed it in, unless that name is hashed', () => {
    // No namespace given: H-MAS picks the team's, and the link follows its answer.
    const { namespace: _none, ...noNamespace } = zonePreset;
    const team = dryRun(template, noNamespace, deployedIn('ml-team'));
    expect(team.input('deploy').namespace ?? '').toBe('');
    expect(team.links.map(l => l.url)).toEqual([
      '/hmas/deployments?id=4b3c-id',
      '/catalog/default/resource/ml-team.qwen-chat',
    ]);
    const long = dryRun(
      template,
      noNamespace,
      // 58 + 1 + 9 characters: the catalog entity name is shortened and hashed.
      deployedIn('research'.repeat(7).slice(0, 58)),
    );
    expect(long.links.map(l => l.title)).toEqual(['Deployment in H-MAS']);
  });

  it('stops bad names and a placement without its zone or clusters', () => {
    expect(formErrors(template, { ...zonePreset, name: 'Qwen_Chat' })).toEqual([
      expect.stringContaining('instance.name does not match pattern'),
    ]);
    expect(
      formErrors(template, {
        ...zonePreset,
        placementMode: 'clusters',
        zone: undefined,
      }),
    ).not.toEqual([]);
  });
});

describe('Create a placement policy', () => {
  const template = templateOf('create-placement-policy');
  const base = {
    name: 'qwen-chat-propagation',
    namespace: 'ml-team',
    deployment: 'qwen-chat',
    includeService: true,
    propagateDeps: true,
    replicaScheduling: 'Divided',
  };
  const divided = {
    replicaSchedulingType: 'Divided',
    replicaDivisionPreference: 'Weighted',
    weightPreference: { dynamicWeight: 'AvailableReplicas' },
  };
  const selectors = [
    { apiVersion: 'apps/v1', kind: 'Deployment', name: 'qwen-chat' },
    { apiVersion: 'v1', kind: 'Service', name: 'qwen-chat' },
  ];

  function policyOf(values: Record<string, unknown>) {
    expect(formErrors(template, values)).toEqual([]);
    const run = dryRun(template, values, {});
    expect(run.ran.map(s => s.action)).toEqual([
      'hmas:policy:propagation:create',
    ]);
    const input = run.input('policy');
    const errors = validatePolicy({
      apiVersion: POLICY_API_VERSION,
      kind: 'PropagationPolicy',
      ...input,
    });
    expect(errors).toEqual([]);
    return input;
  }

  it('places by zone through the gpu-tier label', () => {
    expect(
      policyOf({ ...base, placementMode: 'zone', zone: 'gpu-general' }),
    ).toEqual({
      metadata: { name: 'qwen-chat-propagation', namespace: 'ml-team' },
      spec: {
        propagateDeps: true,
        resourceSelectors: selectors,
        placement: {
          clusterAffinity: {
            labelSelector: { matchLabels: { 'gpu-tier': 'general' } },
          },
          replicaScheduling: divided,
        },
      },
    });
  });

  it('places on named clusters, duplicated, without the Service', () => {
    expect(
      policyOf({
        ...base,
        includeService: false,
        propagateDeps: false,
        replicaScheduling: 'Duplicated',
        placementMode: 'clusters',
        zone: 'gpu-high',
        clusters: ['edge-1', 'edge-2'],
      }).spec,
    ).toEqual({
      propagateDeps: false,
      resourceSelectors: [selectors[0]],
      placement: {
        clusterAffinity: { clusterNames: ['edge-1', 'edge-2'] },
        replicaScheduling: { replicaSchedulingType: 'Duplicated' },
      },
    });
  });

  it.each([
    [
      ['gpu-high', 'gpu-general', 'cpu-only'],
      ['high', 'general', 'none'],
    ],
    [
      ['gpu-general', 'gpu-high'],
      ['general', 'high'],
    ],
  ])('falls back through %j in order', (zones, tiers) => {
    const placement = policyOf({
      ...base,
      placementMode: 'fallback',
      fallbackZones: zones,
    }).spec.placement;
    expect(placement).toEqual({
      clusterAffinities: zones.map((zone, i) => ({
        affinityName: zone,
        labelSelector: { matchLabels: { 'gpu-tier': tiers[i] } },
      })),
      replicaScheduling: divided,
    });
  });

  it('stops a fallback that names a zone twice or only one zone', () => {
    const fallback = { ...base, placementMode: 'fallback' };
    expect(
      formErrors(template, { ...fallback, fallbackZones: ['gpu-high'] }),
    ).not.toEqual([]);
    expect(
      formErrors(template, {
        ...fallback,
        fallbackZones: ['gpu-high', 'gpu-high'],
      }),
    ).not.toEqual([]);
  });
});

describe('Register a cluster', () => {
  const template = templateOf('register-cluster');
  const outputs = {
    register: { name: 'gpu-hp-osaka', zone: 'gpu-high', labels: {} },
  };

  function registrationOf(values: Record<string, unknown>) {
    expect(formErrors(template, values)).toEqual([]);
    const run = dryRun(template, values, outputs);
    expect(run.ran.map(s => s.action)).toEqual(['hmas:cluster:create']);
    const input = run.input('register');
    expect(clusterRegistrationSchema.safeParse(input).success).toBe(true);
    return { input, run };
  }

  it('registers a GPU cluster with its GPU types and scheduler', () => {
    const { input, run } = registrationOf({
      name: 'gpu-hp-osaka',
      apiEndpoint: 'https://10.20.0.10:6443',
      syncMode: 'Push',
      zone: 'gpu-high',
      gpuTypes: ['h100', 'a100'],
      scheduler: 'volcano',
    });
    expect(input).toEqual({
      name: 'gpu-hp-osaka',
      apiEndpoint: 'https://10.20.0.10:6443',
      syncMode: 'Push',
      zone: 'gpu-high',
      gpuTypes: ['h100', 'a100'],
      scheduler: 'volcano',
    });
    expect(run.links.map(l => l.url)).toEqual([
      '/hmas/clusters',
      '/catalog/default/resource/gpu-hp-osaka',
    ]);
  });

  it('sends no GPU types for a CPU Only cluster, even ones typed before', () => {
    const { input } = registrationOf({
      name: 'cpu-edge-busan',
      apiEndpoint: 'https://10.30.0.10:6443',
      syncMode: 'Pull',
      zone: 'cpu-only',
      gpuTypes: ['t4'],
    });
    expect(input).toEqual({
      name: 'cpu-edge-busan',
      apiEndpoint: 'https://10.30.0.10:6443',
      syncMode: 'Pull',
      zone: 'cpu-only',
      gpuTypes: [],
    });
  });

  it('leaves an unclassified cluster without GPU types', () => {
    expect(
      registrationOf({
        name: 'joined',
        apiEndpoint: 'https://joined.example:6443',
        syncMode: 'Push',
        zone: 'none',
      }).input.gpuTypes,
    ).toEqual([]);
  });

  it('stops bad names, endpoints and GPU types', () => {
    const base = {
      name: 'gpu-hp-osaka',
      apiEndpoint: 'https://10.20.0.10:6443',
      syncMode: 'Push',
      zone: 'gpu-high',
    };
    expect(formErrors(template, { ...base, name: 'GPU_1' })).not.toEqual([]);
    expect(
      formErrors(template, { ...base, apiEndpoint: 'ftp://x' }),
    ).not.toEqual([]);
    expect(formErrors(template, { ...base, gpuTypes: ['H100'] })).not.toEqual(
      [],
    );
    expect(
      formErrors(template, { ...base, gpuTypes: ['h100', 'h100'] }),
    ).not.toEqual([]);
  });
});
