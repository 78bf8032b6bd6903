// Maintenance mode on: apply the configured maintenance manifest.
export { maintenanceOn as operation } from './maintenance.js';
