/// <reference types="react-syntax-highlighter" />
import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { useTheme } from '@material-ui/core/styles';
import LightAsync from 'react-syntax-highlighter/dist/esm/light-async';
import a11yDark from 'react-syntax-highlighter/dist/esm/styles/hljs/a11y-dark';
import a11yLight from 'react-syntax-highlighter/dist/esm/styles/hljs/a11y-light';

/**
 * Code (YAML manifests, shell and Python calls) with syntax colours that are readable:
 * Backstage's CodeSnippet colours strings with highlight.js' docco (#219161 on #f8f8ff,
 * 3.75:1, under WCAG AA's 4.5:1), so H-MAS uses the a11y themes, made for contrast, with the
 * same copy button.
 *
 * @internal
 */
export function CodeText({
  text,
  language = 'yaml',
}: {
  text: string;
  /** A highlight.js language name, loaded when first shown. */
  language?: 'yaml' | 'bash' | 'python';
}) {
  const theme = useTheme();
  return (
    <Box position="relative">
      <LightAsync
        language={language}
        style={theme.palette.type === 'dark' ? a11yDark : a11yLight}
        wrapLines
        // Long lines wrap: nothing scrolls sideways (a scrolling block would need keyboard
        // focus, and a narrow dialog would scroll).
        wrapLongLines
        codeTagProps={{ style: { overflowWrap: 'anywhere' } }}
        customStyle={{ margin: 0 }}
      >
        {text}
      </LightAsync>
      <Box position="absolute" top={0} right={0}>
        <CopyTextButton text={text} />
      </Box>
    </Box>
  );
}
