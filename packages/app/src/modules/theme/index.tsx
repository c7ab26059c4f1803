import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import {
  createUnifiedTheme,
  palettes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import LightIcon from '@material-ui/icons/WbSunny';

/**
 * Backstage's light theme with an error colour that is readable as text. The light palette
 * sets no `error`, so Material UI's default `#f44336` colours the label and helper text of a
 * field in error: 3.7:1 on white, under WCAG AA's 4.5:1 (axe's color-contrast). Backstage's
 * own `errorText` (`#CA001B`, 5.9:1) takes its place.
 */
export const hmasLightTheme = createUnifiedTheme({
  palette: {
    ...palettes.light,
    error: { main: palettes.light.errorText },
  },
});

const LightTheme = ThemeBlueprint.make({
  name: 'light',
  params: {
    theme: {
      id: 'light',
      title: 'Light Theme',
      variant: 'light',
      icon: <LightIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider theme={hmasLightTheme}>
          {children}
        </UnifiedThemeProvider>
      ),
    },
  },
});

/** Replaces the app plugin's light theme (same extension id, `theme:app/light`). */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [LightTheme],
});
