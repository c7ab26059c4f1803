export { NamespacesPage } from './NamespacesPage';
