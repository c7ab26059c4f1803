import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 28,
  },
  stroke: {
    stroke: '#7df3e1',
    fill: 'none',
  },
  node: {
    fill: '#7df3e1',
  },
});

/**
 * H-MAS' mark: a control plane (the centre) federating member clusters (the corners of a
 * hexagon). Drawn, so it needs no font.
 */
export const HmasMark = (props: { className?: string }) => {
  const classes = useStyles();
  const corners = [0, 1, 2, 3, 4, 5].map(i => {
    const a = (Math.PI / 3) * i - Math.PI / 2;
    return [16 + 12 * Math.cos(a), 16 + 12 * Math.sin(a)] as const;
  });
  return (
    <g className={props.className}>
      <polygon
        className={classes.stroke}
        strokeWidth={2}
        points={corners.map(([x, y]) => `${x},${y}`).join(' ')}
      />
      {corners.map(([x, y], i) => (
        <g key={i}>
          <line
            className={classes.stroke}
            strokeWidth={1.5}
            x1={16}
            y1={16}
            x2={x}
            y2={y}
          />
          <circle className={classes.node} cx={x} cy={y} r={2.6} />
        </g>
      ))}
      <circle className={classes.node} cx={16} cy={16} r={4.2} />
    </g>
  );
};

/** The sidebar's logo when it is closed: the mark alone. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 32 32"
      role="img"
      aria-label="H-MAS"
    >
      <HmasMark />
    </svg>
  );
};
