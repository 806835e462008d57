import { createRouter, createWebHashHistory } from 'vue-router';

/** Hash history: the app is served from app:// in Electron and from a plain file server in the host. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/roster' },
    { path: '/roster', name: 'roster', component: () => import('./features/roster/RosterPage.vue') },
    { path: '/org', name: 'org', component: () => import('./features/org/OrgPage.vue') },
    { path: '/import', name: 'import', component: () => import('./features/import/ImportPage.vue') },
    { path: '/paste', name: 'paste', component: () => import('./features/paste/PastePage.vue') },
    { path: '/settings', name: 'settings', component: () => import('./features/settings/OfficeSettingsPage.vue') },
    // meta.nav: the menu item to highlight when the route name is not the item's path.
    { path: '/training', name: 'training', component: () => import('./features/training/CoursesPage.vue'), meta: { nav: '/training' } },
    { path: '/training/:id', name: 'training-course', component: () => import('./features/training/CourseDetailPage.vue'), meta: { nav: '/training' } },
    { path: '/training/ledger', name: 'training-ledger', component: () => import('./features/trainingLedger/LedgerPage.vue'), meta: { nav: '/training/ledger' } },
    { path: '/activities', name: 'activities', component: () => import('./features/activities/ActivitiesPage.vue'), meta: { nav: '/activities' } },
    { path: '/activities/:id', name: 'activity', component: () => import('./features/activities/ActivityPage.vue'), meta: { nav: '/activities' } },
    { path: '/activities/compliance', name: 'activities-compliance', component: () => import('./features/activitiesCompliance/CompliancePage.vue'), meta: { nav: '/activities/compliance' } },
    { path: '/backups', name: 'backups', component: () => import('./features/backups/BackupsPage.vue'), meta: { nav: '/backups' } },
    { path: '/audit', name: 'audit', component: () => import('./features/audit/AuditLogPage.vue'), meta: { nav: '/audit' } },
    { path: '/exchange', name: 'exchange', component: () => import('./features/exchange/ExchangePage.vue'), meta: { nav: '/exchange' } },
    // Printouts render without the app frame (App.vue checks meta.bare): ?view=ID&mask=0&cols=a,b
    { path: '/print/roster', name: 'print-roster', component: () => import('./features/print/RosterPrint.vue'), meta: { bare: true } },
    // Training printouts: ?session=ID&blank=N&names=0&mask=0 · ?course=ID&mask=0 · ?year=YYYY&unit=ID&ledger=…
    { path: '/print/sign-in', name: 'print-sign-in', component: () => import('./features/trainingPrint/SignInPrint.vue'), meta: { bare: true } },
    { path: '/print/course-roster', name: 'print-course-roster', component: () => import('./features/trainingPrint/CourseRosterPrint.vue'), meta: { bare: true } },
    { path: '/print/shortfall', name: 'print-shortfall', component: () => import('./features/trainingPrint/ShortfallPrint.vue'), meta: { bare: true } },
    // Party life printouts: ?year=YYYY&org=ID · ?activity=ID · ?activity=ID&blank=N
    { path: '/print/compliance', name: 'print-compliance', component: () => import('./features/activitiesCompliance/CompliancePrint.vue'), meta: { bare: true } },
    { path: '/print/activity-record', name: 'print-activity-record', component: () => import('./features/activitiesCompliance/ActivityRecordPrint.vue'), meta: { bare: true } },
    { path: '/print/activity-sign-in', name: 'print-activity-sign-in', component: () => import('./features/activitiesCompliance/ActivitySignInPrint.vue'), meta: { bare: true } },
  ],
});
