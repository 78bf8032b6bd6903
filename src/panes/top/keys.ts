import { scoped } from '../../ui/bindings.js';

export const keys = scoped('top', [['top.toggle', ['o'], 'Switch between pods and nodes']]);
