import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  ChatMessage,
  hmasInferenceInvokePermission,
  inferenceSnippets,
  inferenceUrl,
  streamedChatCall,
} from '@h-mas/plugin-hmas-common';
import { FormEvent, KeyboardEvent, useEffect, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import type { DeploymentWithStatus } from '../../../api';
import { useHmasPermission } from '../../../hooks/useHmasPermission';
import { CodeText } from '../../shared/CodeText';
import { Permitted } from '../../shared/Permitted';
import { StreamedAnswer, streamChat } from './streamChat';

const useStyles = makeStyles(theme => ({
  conversation: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1, 2),
    maxHeight: 320,
    overflowY: 'auto',
    marginBottom: theme.spacing(2),
  },
  // The hint stays readable while the field is disabled (MUI greys it to 2.7:1).
  hint: {
    '&.Mui-disabled': { color: theme.palette.text.secondary },
  },
  message: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    margin: theme.spacing(1, 0),
  },
}));

/** One turn of the playground's chat; an answer keeps what its call measured. */
interface Turn {
  message: ChatMessage;
  measured?: Omit<StreamedAnswer, 'text'>;
}

/** "first text 52 ms · 1.3 s in all · 12 prompt + 40 completion tokens". */
export function measuredText(m: Omit<StreamedAnswer, 'text'>): string {
  const ms = (v: number) =>
    v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`;
  const parts = [
    m.firstChunkMs !== undefined
      ? `first text after ${ms(m.firstChunkMs)}`
      : undefined,
    `${ms(m.totalMs)} in all`,
    m.usage?.promptTokens !== undefined ||
    m.usage?.completionTokens !== undefined
      ? `${m.usage?.promptTokens ?? '?'} prompt + ${
          m.usage?.completionTokens ?? '?'
        } completion tokens`
      : 'no token counts reported',
  ];
  return parts.filter(Boolean).join(' · ');
}

/**
 * The deployment's playground: a chat whose answers stream in as they are generated,
 * through the same inference gateway and permission (`hmas.inference.invoke`) scripts use,
 * with the time to the first text, the whole time and the tokens of each answer; and the
 * calls to copy (`curl`, Python).
 *
 * @internal
 */
export function Playground({ d }: { d: DeploymentWithStatus }) {
  const classes = useStyles();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const mayInvoke = useHmasPermission(hmasInferenceInvokePermission, {
    resourceRef: d.id,
    what: 'call this deployment (its owner, its team and platform admins may)',
  });
  const ready = d.status.readyReplicas > 0;
  const [turns, setTurns] = useState<Turn[]>([]);
  const [draft, setDraft] = useState('');
  const [maxTokens, setMaxTokens] = useState(64);
  const [error, setError] = useState<Error | undefined>();
  const [streaming, setStreaming] = useState(false);
  const abort = useRef<AbortController>();
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [turns]);

  const url = useAsync(
    async () => inferenceUrl(await discoveryApi.getBaseUrl('hmas'), d),
    [discoveryApi, d.namespace, d.name],
  );
  // The name the model server answers to (vLLM and Ollama refuse another): its own list.
  const served = useAsync(async () => {
    if (!url.value || !ready || !mayInvoke.allowed || d.runtime === 'triton') {
      return d.model;
    }
    const response = await fetchApi.fetch(`${url.value}/v1/models`);
    const body = response.ok ? await response.json() : undefined;
    return (body?.data?.[0]?.id as string | undefined) ?? d.model;
  }, [url.value, ready, mayInvoke.allowed, d.runtime, d.model]);
  const model = served.value ?? d.model;

  const send = async () => {
    const content = draft.trim();
    if (!content || !url.value || streaming) return;
    const history = [
      ...turns.map(t => t.message),
      { role: 'user' as const, content },
    ];
    setTurns([
      ...turns,
      { message: { role: 'user', content } },
      { message: { role: 'assistant', content: '' } },
    ]);
    setDraft('');
    setError(undefined);
    setStreaming(true);
    const controller = new AbortController();
    abort.current = controller;
    const appendToAnswer = (update: (t: Turn) => Turn) =>
      setTurns(current => [
        ...current.slice(0, -1),
        update(current[current.length - 1]),
      ]);
    try {
      const answer = await streamChat({
        fetchApi,
        url: url.value,
        runtime: d.runtime,
        call: streamedChatCall(d.runtime, model, history, maxTokens),
        signal: controller.signal,
        onText: text =>
          appendToAnswer(t => ({
            ...t,
            message: { ...t.message, content: t.message.content + text },
          })),
      });
      const { text: _text, ...measured } = answer;
      appendToAnswer(t => ({ ...t, measured }));
    } catch (e) {
      if (!controller.signal.aborted) {
        setError(e as Error);
        // An answer that never started is not kept.
        setTurns(current =>
          current[current.length - 1]?.message.content
            ? current
            : current.slice(0, -2),
        );
        setDraft(content);
      }
    } finally {
      setStreaming(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    send();
  };
  // Enter sends, Shift+Enter starts a new line (as chat tools do).
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  };

  const snippets = url.value
    ? inferenceSnippets({ url: url.value, runtime: d.runtime, model })
    : undefined;

  return (
    <Box>
      {!ready && (
        <Alert severity="info" style={{ marginBottom: 16 }}>
          The playground answers once a replica is Ready (now{' '}
          {d.status.readyReplicas}/{d.status.replicas}). It follows the progress
          on the Overview tab.
        </Alert>
      )}
      {mayInvoke.reason && (
        <Alert severity="warning" style={{ marginBottom: 16 }}>
          {mayInvoke.reason}
        </Alert>
      )}
      {d.runtime === 'triton' && (
        <Typography variant="body2" color="textSecondary" paragraph>
          NVIDIA Triton has no OpenAI API: the playground sends the chat as one
          prompt to its KServe v2 generate_stream route.
        </Typography>
      )}
      {turns.length > 0 && (
        <div
          className={classes.conversation}
          role="log"
          aria-label="Conversation"
          aria-live="polite"
          aria-busy={streaming}
          // A scrolling region is reached by keyboard too (WCAG 2.1.1, axe's
          // scrollable-region-focusable), though a log is not interactive.
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
          tabIndex={0}
        >
          {turns.map((t, i) => (
            <div key={i} data-testid={`playground-${t.message.role}`}>
              <Typography variant="overline" component="div">
                {t.message.role === 'user' ? 'You' : model}
              </Typography>
              <Typography variant="body2" className={classes.message}>
                {t.message.content ||
                  (streaming && i === turns.length - 1 ? '…' : '')}
              </Typography>
              {t.measured && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  data-testid="playground-measured"
                >
                  {measuredText(t.measured)}
                </Typography>
              )}
            </div>
          ))}
          <div ref={end} />
        </div>
      )}
      {error && (
        <Alert severity="error" style={{ marginBottom: 16 }}>
          The deployment did not answer: {error.message}
        </Alert>
      )}
      <form onSubmit={onSubmit} aria-label="Chat with the deployment">
        <TextField
          id="hmas-playground-message"
          label="Message"
          value={draft}
          onChange={e => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          multiline
          minRows={2}
          fullWidth
          variant="outlined"
          helperText="Enter sends; Shift+Enter starts a new line."
          FormHelperTextProps={{ className: classes.hint }}
          disabled={!ready || !mayInvoke.allowed}
        />
        <Box display="flex" alignItems="center" mt={1} style={{ gap: 8 }}>
          <TextField
            id="hmas-playground-max-tokens"
            label="Max tokens"
            type="number"
            size="small"
            variant="outlined"
            value={maxTokens}
            onChange={e =>
              setMaxTokens(
                Math.max(1, Math.min(4096, Number(e.target.value) || 1)),
              )
            }
            inputProps={{ min: 1, max: 4096 }}
            style={{ width: 120 }}
          />
          <Permitted state={mayInvoke}>
            <Button
              type="submit"
              variant="contained"
              color="primary"
              disabled={!ready || streaming || !draft.trim() || !url.value}
            >
              Send
            </Button>
          </Permitted>
          {streaming && (
            <Button onClick={() => abort.current?.abort()}>Stop</Button>
          )}
          {!streaming && turns.length > 0 && (
            <Button onClick={() => setTurns([])}>Clear</Button>
          )}
        </Box>
      </form>
      {snippets && url.value && (
        <Box mt={3}>
          <Typography variant="h6" component="h3">
            Call it from code
          </Typography>
          <Typography variant="body2" paragraph>
            Endpoint (OpenAI-compatible
            {d.runtime === 'triton' ? ' except Triton' : ''}):{' '}
            <code>
              {d.runtime === 'triton' ? url.value : `${url.value}/v1`}
            </code>
            <CopyTextButton
              text={d.runtime === 'triton' ? url.value : `${url.value}/v1`}
              aria-label="Copy the endpoint"
            />
            <br />
            Set <code>BACKSTAGE_TOKEN</code> to your Backstage token, or to a
            static external-access token for scripts (see the H-MAS backend’s
            README, “Inference gateway”).
          </Typography>
          <Typography variant="subtitle2" component="h4">
            curl
          </Typography>
          <CodeText language="bash" text={snippets.curl} />
          <Typography
            variant="subtitle2"
            component="h4"
            style={{ marginTop: 16 }}
          >
            Python
          </Typography>
          <CodeText language="python" text={snippets.python} />
        </Box>
      )}
    </Box>
  );
}
