/// <reference types="react-syntax-highlighter" />
import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { useTheme } from '@material-ui/core/styles';
import LightAsync from 'react-syntax-highlighter/dist/esm/light-async';
import a11yDark from 'react-syntax-highlighter/dist/esm/styles/hljs/a11y-dark';
import a11yLight from 'react-syntax-highlighter/dist/esm/styles/hljs/a11y-light';

/**
 * YAML with syntax colours that are readable: Backstage's CodeSnippet colours strings with
 * highlight.js' docco (#219161 on #f8f8ff, 3.75:1, under WCAG AA's 4.5:1), so the manifests
 * use the a11y themes, made for contrast, with the same copy button.
 *
 * @internal
 */
export function YamlSnippet({ text }: { text: string }) {
  const theme = useTheme();
  return (
    <Box position="relative">
      <LightAsync
        language="yaml"
        style={theme.palette.type === 'dark' ? a11yDark : a11yLight}
        wrapLines
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
