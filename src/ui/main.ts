import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n';
import { installElementPlus } from './plugins/elementPlus';
import { router } from './router';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.use(router);
app.use(i18n);
installElementPlus(app);
app.mount('#app');
