import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import { ReactNode } from 'react';

/**
 * The filters (and actions) above a list, on the paper surface of the cards below it: the
 * fields' labels and helper texts in the theme's secondary text colour only reach WCAG AA
 * contrast there, not on the page's grey background.
 *
 * @internal
 */
export function FilterBar(props: {
  /** What the filters narrow, for assistive technology: "Filter the audit log". */
  label: string;
  /** `flex-start` when fields have helper texts; `center` (the default) lines up buttons. */
  alignItems?: 'center' | 'flex-start';
  children: ReactNode;
}) {
  return (
    <Paper role="search" aria-label={props.label} style={{ marginBottom: 16 }}>
      <Box
        display="flex"
        alignItems={props.alignItems ?? 'center'}
        flexWrap="wrap"
        px={2}
        pt={2}
        pb={1}
      >
        {props.children}
      </Box>
    </Paper>
  );
}
