import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { fieldProps, validate } from '../__testUtils__/fields';
import {
  envNameError,
  HmasEnvEditor,
  hmasEnvEditorValidation,
} from './HmasEnvEditor';

const INVALID_NAME =
  'Env names must start with a letter or _ and contain only letters, digits and _';

async function render(formData?: Record<string, string>) {
  const onChange = jest.fn();
  await renderInTestApp(
    <HmasEnvEditor
      {...fieldProps({
        onChange,
        formData,
        schema: { title: 'Environment variables' },
      })}
    />,
  );
  return { onChange };
}

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

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
    [
      { HF_TOKEN: 'x' },
      [
        'HF_TOKEN: HF_TOKEN looks like a secret: enter it as a secret (stored in a Kubernetes Secret) or reference an existing Secret, not as a plain value',
      ],
    ],
    [{}, []],
    [{ '': 'x' }, ['An env var has a value but no name']],
    [{ 'BAD-NAME': 'x' }, [`BAD-NAME: ${INVALID_NAME}`]],
    [{ NUM: 4 }, ['NUM: the value must be text']],
    [['A=1'], ['Env vars must be name/value pairs']],
    [
      Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`V${i}`, '1'])),
      ['At most 50 env vars'],
    ],
  ])('%j → %j', async (value, errors) => {
    expect(
      await validate(hmasEnvEditorValidation, value as Record<string, string>),
    ).toEqual(errors);
  });
});
