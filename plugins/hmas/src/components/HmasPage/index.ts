export { HmasPage } from './HmasPage';
