import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';

/**
 * The tab row under a dialog's title, one tab a label; `value` is the index of the shown tab.
 *
 * @internal
 */
export function DialogTabs(props: {
  value: number;
  onChange: (index: number) => void;
  labels: string[];
}) {
  return (
    <Tabs
      value={props.value}
      onChange={(_e, v: number) => props.onChange(v)}
      indicatorColor="primary"
      textColor="primary"
      style={{ paddingLeft: 16 }}
    >
      {props.labels.map(label => (
        <Tab key={label} label={label} />
      ))}
    </Tabs>
  );
}
