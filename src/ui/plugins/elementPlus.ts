import type { App } from 'vue';
import {
  ElAlert,
  ElButton,
  ElConfigProvider,
  ElDialog,
  ElEmpty,
  ElForm,
  ElInput,
  ElMenu,
  ElPagination,
  ElRadio,
  ElSelect,
  ElSwitch,
  ElTable,
  ElTag,
} from 'element-plus';
import 'element-plus/dist/index.css';

/**
 * Registers only the components the app uses, so the bundle carries no more of Element Plus than needed.
 * Sub-components (ElOption, ElRadioButton, ElMenuItem…) come with their parent.
 */
const components = [
  ElAlert, ElButton, ElConfigProvider, ElDialog, ElEmpty, ElForm, ElInput, ElMenu,
  ElPagination, ElRadio, ElSelect, ElSwitch, ElTable, ElTag,
];

export function installElementPlus(app: App): void {
  for (const component of components) app.use(component);
}
