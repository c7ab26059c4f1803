import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { ReactNode, useState } from 'react';

/**
 * A small button that shows and hides a region (`aria-expanded`, `aria-controls`). The region
 * is rendered the first time it opens and kept while it collapses, so costly content (a diff)
 * is only made for what someone opened.
 *
 * @internal
 */
export function Disclosure(props: {
  id: string;
  label: string;
  /** The label while open; default `label`. */
  openLabel?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        size="small"
        aria-expanded={open}
        aria-controls={props.id}
        startIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        onClick={() => {
          setOpen(!open);
          setOpened(true);
        }}
      >
        {open ? props.openLabel ?? props.label : props.label}
      </Button>
      <div id={props.id}>
        <Collapse in={open}>{opened && props.children}</Collapse>
      </div>
    </>
  );
}
