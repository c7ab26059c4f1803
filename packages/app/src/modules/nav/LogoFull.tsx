import { makeStyles } from '@material-ui/core';
import { HmasMark } from './LogoIcon';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 30,
  },
  text: {
    fill: '#7df3e1',
    fontFamily: 'Helvetica, Arial, sans-serif',
    fontWeight: 700,
    fontSize: 22,
    letterSpacing: 1,
  },
});

/** The sidebar's logo when it is open: the mark and the product's name. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 120 32"
      role="img"
      aria-label="H-MAS"
    >
      <HmasMark />
      <text className={classes.text} x={38} y={24}>
        H-MAS
      </text>
    </svg>
  );
};
