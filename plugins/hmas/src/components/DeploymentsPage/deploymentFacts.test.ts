import { containerFacts, envText, probeText } from './deploymentFacts';

describe('probeText', () => {
  it.each([
    [undefined, undefined],
    [
      {
        httpGet: { path: '/health', port: 8080 },
        periodSeconds: 10,
        failureThreshold: 90,
      },
      'HTTP GET /health on port 8080 every 10 s, fails after 90 (gives up after 900 s)',
    ],
    [
      { httpGet: { path: '/v2/health/ready', port: 8000 } },
      'HTTP GET /v2/health/ready on port 8000 every 10 s, fails after 3',
    ],
    [
      {
        exec: { command: ['ollama', 'show', 'llama3'] },
        periodSeconds: 5,
        failureThreshold: 2,
      },
      'runs ollama show llama3 every 5 s, fails after 2',
    ],
    [{ tcpSocket: { port: 80 } }, 'TCP port 80 every 10 s, fails after 3'],
  ])('%j → %s', (probe, text) => {
    expect(probeText(probe)).toBe(text);
  });
});

describe('containerFacts', () => {
  it('reads image, resources, env and probes of the Deployment’s first container', () => {
    const facts = containerFacts([
      { kind: 'Service' },
      {
        kind: 'Deployment',
        spec: {
          template: {
            spec: {
              containers: [
                {
                  image: 'vllm/vllm-openai:v0.11.0',
                  resources: {
                    requests: { cpu: '4', 'nvidia.com/gpu': '1' },
                    limits: { 'nvidia.com/gpu': '1' },
                  },
                  env: [
                    { name: 'HF_HOME', value: '/root/.cache/huggingface' },
                    {
                      name: 'HF_TOKEN',
                      valueFrom: {
                        secretKeyRef: { name: 'hmas-hf-token', key: 'token' },
                      },
                    },
                  ],
                  readinessProbe: { httpGet: { path: '/health', port: 8000 } },
                },
              ],
            },
          },
        },
      },
    ]);
    expect(facts).toEqual({
      image: 'vllm/vllm-openai:v0.11.0',
      resources: 'requests cpu 4, nvidia.com/gpu 1; limits nvidia.com/gpu 1',
      env: [
        'HF_HOME=/root/.cache/huggingface',
        'HF_TOKEN from secret hmas-hf-token/token',
      ],
      probes: {
        startup: undefined,
        readiness: 'HTTP GET /health on port 8000 every 10 s, fails after 3',
        liveness: undefined,
      },
    });
  });

  it('is undefined without a Deployment', () => {
    expect(containerFacts([{ kind: 'Service' }])).toBeUndefined();
  });
});

describe('envText', () => {
  it.each([
    ['LOG_LEVEL', 'info', 'LOG_LEVEL=info'],
    [
      'HF_TOKEN',
      { secretKeyRef: { name: 'chat-secrets', key: 'HF_TOKEN' } },
      'HF_TOKEN from secret chat-secrets/HF_TOKEN',
    ],
    ['EMPTY', '', 'EMPTY='],
  ])('%s', (name, value, text) => {
    expect(envText(name, value)).toBe(text);
  });
});
