import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import hmasPlugin from '@h-mas/plugin-hmas/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { themeModule } from './modules/theme';

export default createApp({
  features: [catalogPlugin, hmasPlugin, navModule, homeModule, themeModule],
});
