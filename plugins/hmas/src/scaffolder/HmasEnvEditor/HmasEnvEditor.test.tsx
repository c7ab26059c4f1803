import {
  SecretsContextProvider,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { fieldProps, validate } from '../__testUtils__/fields';
import {
  envNameError,
  HmasEnvEditor,
  hmasEnvEditorValidation,
  secretKeyRefErrors,
} from './HmasEnvEditor';

const INVALID_NAME =
  'Env names must start with a letter or _ and contain only letters, digits and _';

const looksLikeSecret = (name: string) =>
  `${name} looks like a secret: set its kind to “Secret (entered once)” or “From existing Secret” instead of a plain value`;

/** The scaffolder's template secrets as the editor left them. */
let secrets: Record<string, string> = {};
function SecretsProbe() {
  secrets = useTemplateSecrets().secrets;
  return null;
}

async function render(
  formData?: Record<string, unknown>,
  options: {
    initialSecrets?: Record<string, string>;
    rawErrors?: string[];
  } = {},
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <SecretsContextProvider initialSecrets={options.initialSecrets}>
      <HmasEnvEditor
        {...fieldProps({
          onChange,
          formData,
          rawErrors: options.rawErrors ?? [],
          schema: { title: 'Environment variables' },
        })}
      />
      <SecretsProbe />
    </SecretsContextProvider>,
  );
  return { onChange };
}

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

const KIND = { value: 'value', secret: 'secret', ref: 'secretRef' } as const;

describe('HmasEnvEditor', () => {
  it('shows the current env as rows', async () => {
    await render({ OLLAMA_NUM_PARALLEL: '4', HF_HUB_OFFLINE: '1' });
    expect(screen.getByLabelText('Name 1')).toHaveValue('OLLAMA_NUM_PARALLEL');
    expect(screen.getByLabelText('Value 1')).toHaveValue('4');
    expect(screen.getByLabelText('Name 2')).toHaveValue('HF_HUB_OFFLINE');
    expect(screen.getByLabelText('Value 2')).toHaveValue('1');
  });

  it('adds a row, focuses it and reports the env as it is typed', async () => {
    const { onChange } = await render();
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    expect(screen.getByLabelText('Name 1')).toHaveFocus();
    type('Name 1', 'LLAMA_ARG_THREADS');
    type('Value 1', '8');
    expect(onChange).toHaveBeenLastCalledWith({ LLAMA_ARG_THREADS: '8' });
  });

  it('adds the next row with Enter instead of submitting the form', async () => {
    const { onChange } = await render({ A: '1', C: '3' });
    const enter = fireEvent.keyDown(screen.getByLabelText('Value 1'), {
      key: 'Enter',
    });
    expect(enter).toBe(false); // default prevented: the step is not submitted
    expect(screen.getByLabelText('Name 2')).toHaveValue('');
    expect(screen.getByLabelText('Name 2')).toHaveFocus();
    expect(screen.getByLabelText('Name 3')).toHaveValue('C');
    type('Name 2', 'B');
    type('Value 2', '2');
    expect(onChange).toHaveBeenLastCalledWith({ A: '1', B: '2', C: '3' });
  });

  it('names an invalid env name and keeps it in the value so the step is stopped', async () => {
    const { onChange } = await render({ OK: '1' });
    type('Name 1', '1BAD-NAME');
    expect(screen.getByText(INVALID_NAME)).toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith({ '1BAD-NAME': '1' });
  });

  it('asks for a name when a row has only a value', async () => {
    const { onChange } = await render({ OK: '1' });
    type('Name 1', '');
    expect(screen.getByText('Give the variable a name')).toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith({ '': '1' });
  });

  it('flags a repeated name and keeps the first value', async () => {
    const { onChange } = await render({ A: '1', B: '2' });
    type('Name 2', 'A');
    expect(
      screen.getByText('A is already set above; this row is ignored'),
    ).toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith({ A: '1' });
  });

  it('ignores blank rows and trims names', async () => {
    const { onChange } = await render({ A: '1' });
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    expect(onChange).toHaveBeenLastCalledWith({ A: '1' });
    type('Name 2', ' B ');
    expect(onChange).toHaveBeenLastCalledWith({ A: '1', B: '' });
  });

  it('removes rows; no rows left is no value', async () => {
    const { onChange } = await render({ A: '1', B: '2' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove A' }));
    expect(onChange).toHaveBeenLastCalledWith({ B: '2' });
    fireEvent.click(screen.getByRole('button', { name: 'Remove B' }));
    expect(onChange).toHaveBeenLastCalledWith(undefined);
    expect(screen.queryByLabelText('Name 1')).not.toBeInTheDocument();
  });
});

describe('HmasEnvEditor kinds', () => {
  it('offers a kind per row: Value, Secret (entered once), From existing Secret', async () => {
    await render({ LOG_LEVEL: 'info' });
    const kind = screen.getByLabelText('Kind of LOG_LEVEL');
    expect(kind).toHaveValue(KIND.value);
    expect(
      Array.from((kind as HTMLSelectElement).options).map(o => o.text),
    ).toEqual(['Value', 'Secret (entered once)', 'From existing Secret']);
  });

  it('gives a secret to the scaffolder’s secrets, never to the form data', async () => {
    const { onChange } = await render({ LOG_LEVEL: 'info' });
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    type('Name 2', 'API_PASS');
    fireEvent.change(screen.getByLabelText('Kind of API_PASS'), {
      target: { value: KIND.secret },
    });
    const field = screen.getByLabelText('Secret value 2');
    expect(field).toHaveAttribute('type', 'password');
    type('Secret value 2', 's3cr3t-value');
    const env = onChange.mock.lastCall[0];
    expect(env).toEqual({
      LOG_LEVEL: 'info',
      API_PASS: { templateSecret: 'hmas-env-API_PASS' },
    });
    expect(JSON.stringify(onChange.mock.calls)).not.toContain('s3cr3t');
    expect(secrets).toEqual({ 'hmas-env-API_PASS': 's3cr3t-value' });
  });

  it('makes a new row with a secret-like name a secret', async () => {
    const { onChange } = await render();
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    type('Name 1', 'HF_TOKEN');
    expect(screen.getByLabelText('Kind of HF_TOKEN')).toHaveValue(KIND.secret);
    // No value yet: the key is empty, so validation asks for it.
    expect(onChange).toHaveBeenLastCalledWith({
      HF_TOKEN: { templateSecret: '' },
    });
    type('Name 1', 'HF_TOKENS');
    expect(screen.getByLabelText('Kind of HF_TOKENS')).toHaveValue(KIND.value);
  });

  it('keeps the kind the user chose', async () => {
    await render();
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    fireEvent.change(screen.getByLabelText('Kind of row 1'), {
      target: { value: KIND.ref },
    });
    type('Name 1', 'HF_TOKEN');
    expect(screen.getByLabelText('Kind of HF_TOKEN')).toHaveValue(KIND.ref);
  });

  it('flags a plain value under a secret-like name and moves it into a secret on switching', async () => {
    const { onChange } = await render({ OPENAI_API_KEY: 'sk-plain' });
    expect(
      screen.getByText(looksLikeSecret('OPENAI_API_KEY')),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Kind of OPENAI_API_KEY'), {
      target: { value: KIND.secret },
    });
    expect(
      screen.queryByText(looksLikeSecret('OPENAI_API_KEY')),
    ).not.toBeInTheDocument();
    expect(onChange).toHaveBeenLastCalledWith({
      OPENAI_API_KEY: { templateSecret: 'hmas-env-OPENAI_API_KEY' },
    });
    expect(secrets).toEqual({ 'hmas-env-OPENAI_API_KEY': 'sk-plain' });
  });

  it('moves a secret to the new key on rename and clears the old one', async () => {
    const { onChange } = await render();
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    type('Name 1', 'HF_TOKEN');
    type('Secret value 1', 'hf_abc');
    type('Name 1', 'HUGGING_FACE_TOKEN');
    expect(onChange).toHaveBeenLastCalledWith({
      HUGGING_FACE_TOKEN: { templateSecret: 'hmas-env-HUGGING_FACE_TOKEN' },
    });
    expect(secrets).toEqual({
      'hmas-env-HF_TOKEN': '',
      'hmas-env-HUGGING_FACE_TOKEN': 'hf_abc',
    });
  });

  it('clears the secret when the row is removed or becomes a value', async () => {
    await render(
      {
        A_TOKEN: { templateSecret: 'hmas-env-A_TOKEN' },
        B_TOKEN: { templateSecret: 'hmas-env-B_TOKEN' },
      },
      { initialSecrets: { 'hmas-env-A_TOKEN': 'a', 'hmas-env-B_TOKEN': 'b' } },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove A_TOKEN' }));
    expect(secrets).toEqual({
      'hmas-env-A_TOKEN': '',
      'hmas-env-B_TOKEN': 'b',
    });
    fireEvent.change(screen.getByLabelText('Kind of B_TOKEN'), {
      target: { value: KIND.value },
    });
    expect(secrets).toEqual({ 'hmas-env-A_TOKEN': '', 'hmas-env-B_TOKEN': '' });
  });

  it('shows rows given back with their kinds, a held secret without its value', async () => {
    const { onChange } = await render(
      {
        LOG_LEVEL: 'debug',
        HF_TOKEN: { templateSecret: 'hmas-env-HF_TOKEN' },
        DB_PASSWORD: { secretKeyRef: { name: 'db', key: 'password' } },
      },
      { initialSecrets: { 'hmas-env-HF_TOKEN': 'hf_held_value' } },
    );
    expect(screen.getByLabelText('Kind of LOG_LEVEL')).toHaveValue(KIND.value);
    expect(screen.getByLabelText('Kind of HF_TOKEN')).toHaveValue(KIND.secret);
    expect(screen.getByLabelText('Secret value 2')).toHaveValue('');
    expect(
      screen.getByText('A value is entered (hidden); type to replace it'),
    ).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain('hf_held_value');
    expect(screen.getByLabelText('Kind of DB_PASSWORD')).toHaveValue(KIND.ref);
    expect(screen.getByLabelText('Secret name 3')).toHaveValue('db');
    expect(screen.getByLabelText('Secret key 3')).toHaveValue('password');
    // Nothing changed, so nothing is reported; a change keeps the held secret.
    expect(onChange).not.toHaveBeenCalled();
    type('Value 1', 'info');
    expect(onChange).toHaveBeenLastCalledWith({
      LOG_LEVEL: 'info',
      HF_TOKEN: { templateSecret: 'hmas-env-HF_TOKEN' },
      DB_PASSWORD: { secretKeyRef: { name: 'db', key: 'password' } },
    });
    expect(secrets).toEqual({ 'hmas-env-HF_TOKEN': 'hf_held_value' });
  });

  it('empties the key of a secret given back that is no longer held', async () => {
    const { onChange } = await render({
      HF_TOKEN: { templateSecret: 'hmas-env-HF_TOKEN' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      HF_TOKEN: { templateSecret: '' },
    });
  });

  it('asks for the secret value once the form reported errors', async () => {
    await render({ HF_TOKEN: { templateSecret: '' } });
    expect(
      screen.queryByText('Enter the secret value'),
    ).not.toBeInTheDocument();
    await render(
      { HF_TOKEN: { templateSecret: '' } },
      { rawErrors: ['HF_TOKEN: Enter the secret value'] },
    );
    expect(screen.getByText('Enter the secret value')).toBeInTheDocument();
  });

  it('references a key of an existing Secret and checks its name and key', async () => {
    const { onChange } = await render();
    fireEvent.click(screen.getByRole('button', { name: 'Add variable' }));
    type('Name 1', 'HF_TOKEN');
    fireEvent.change(screen.getByLabelText('Kind of HF_TOKEN'), {
      target: { value: KIND.ref },
    });
    type('Secret name 1', 'Team_HF');
    expect(
      screen.getByText(secretKeyRefErrors('Team_HF', 'k').name!),
    ).toBeInTheDocument();
    type('Secret name 1', 'team-hf');
    type('Secret key 1', 'a/b');
    expect(
      screen.getByText('Secret keys contain only letters, digits, -, _ and .'),
    ).toBeInTheDocument();
    type('Secret key 1', 'token');
    expect(onChange).toHaveBeenLastCalledWith({
      HF_TOKEN: { secretKeyRef: { name: 'team-hf', key: 'token' } },
    });
    expect(secrets).toEqual({});
  });
});

describe('envNameError', () => {
  it.each([
    ['HF_TOKEN', undefined],
    ['_PRIVATE', undefined],
    ['lower_case9', undefined],
    ['', 'Give the variable a name'],
    ['9LIVES', INVALID_NAME],
    ['WITH-DASH', INVALID_NAME],
    ['WITH SPACE', INVALID_NAME],
  ])('%j → %s', (name, error) => {
    expect(envNameError(name)).toBe(error);
  });
});

describe('hmasEnvEditorValidation', () => {
  it.each<[unknown, string[]]>([
    [{ LOG_LEVEL: 'x', OLLAMA_NUM_PARALLEL: '4' }, []],
    [{ HF_TOKEN: 'x' }, [`HF_TOKEN: ${looksLikeSecret('HF_TOKEN')}`]],
    [{ HF_TOKEN: { templateSecret: 'hmas-env-HF_TOKEN' } }, []],
    [
      { HF_TOKEN: { templateSecret: '' } },
      ['HF_TOKEN: Enter the secret value'],
    ],
    [{ HF_TOKEN: { secretKeyRef: { name: 'team-hf', key: 'token' } } }, []],
    [
      { HF_TOKEN: { secretKeyRef: { name: 'Team_HF', key: 'a/b' } } },
      [
        `HF_TOKEN: ${secretKeyRefErrors('Team_HF', 'x').name}`,
        'HF_TOKEN: Secret keys contain only letters, digits, -, _ and .',
      ],
    ],
    [
      { HF_TOKEN: { secretKeyRef: { name: '', key: '' } } },
      [
        'HF_TOKEN: Give the Secret’s name',
        'HF_TOKEN: Give the key in the Secret',
      ],
    ],
    [
      { HF_TOKEN: { secret: 'hf_x' } },
      [
        'HF_TOKEN: the value must be text, a secret entered once or a key of an existing Secret',
      ],
    ],
    [{}, []],
    [{ '': 'x' }, ['An env var has a value but no name']],
    [{ 'BAD-NAME': 'x' }, [`BAD-NAME: ${INVALID_NAME}`]],
    [
      { NUM: 4 },
      [
        'NUM: the value must be text, a secret entered once or a key of an existing Secret',
      ],
    ],
    [['A=1'], ['Env vars must be name/value pairs']],
    [
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`V${i}`, '1'])),
      ['At most 50 env vars'],
    ],
  ])('%j → %j', async (value, errors) => {
    expect(await validate(hmasEnvEditorValidation, value as any)).toEqual(
      errors,
    );
  });
});
