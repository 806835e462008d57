import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { sweepDrafts } from './composables/useFormDraft';
import { i18n } from './i18n';
import { installElementPlus } from './plugins/elementPlus';
import { router } from './router';
import './styles.css';

// Drafts hold personal data (ID numbers, phones): those kept longer than 30 days go when the app starts.
sweepDrafts();

const app = createApp(App);
app.use(createPinia());
app.use(router);
app.use(i18n);
installElementPlus(app);
app.mount('#app');
