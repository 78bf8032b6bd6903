// Maintenance mode off: remove the objects of the configured maintenance manifest.
export { maintenanceOff as operation } from './maintenance.js';
