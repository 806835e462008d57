import type { App } from 'vue';
import {
  ElAlert,
  ElAutoResizer,
  ElButton,
  ElCheckbox,
  ElConfigProvider,
  ElDialog,
  ElDrawer,
  ElEmpty,
  ElForm,
  ElInput,
  ElInputNumber,
  ElMenu,
  ElPagination,
  ElProgress,
  ElRadio,
  ElSelect,
  ElSteps,
  ElSwitch,
  ElTable,
  ElTableV2,
  ElTabs,
  ElTag,
  ElTreeSelect,
} from 'element-plus';
import 'element-plus/dist/index.css';

/**
 * Registers only the components the app uses, so the bundle carries no more of Element Plus than needed.
 * Sub-components (ElOption, ElRadioButton, ElMenuItem…) come with their parent.
 */
const components = [
  ElAlert, ElAutoResizer, ElButton, ElCheckbox, ElConfigProvider, ElDialog, ElDrawer, ElEmpty, ElForm, ElInput,
  ElInputNumber, ElMenu, ElPagination, ElProgress, ElRadio, ElSelect, ElSteps, ElSwitch, ElTable, ElTableV2, ElTabs, ElTag,
  ElTreeSelect,
];

export function installElementPlus(app: App): void {
  for (const component of components) app.use(component);
}
