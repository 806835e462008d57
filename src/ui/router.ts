import { createRouter, createWebHashHistory } from 'vue-router';

/** Hash history: the app is served from app:// in Electron and from a plain file server in the host. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/roster' },
    { path: '/roster', name: 'roster', component: () => import('./features/roster/RosterPage.vue') },
    { path: '/settings', name: 'settings', component: () => import('./features/settings/OfficeSettingsPage.vue') },
  ],
});
