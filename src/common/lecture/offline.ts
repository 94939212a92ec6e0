/**
 * The service worker of the built app (issue 15: offline after the first visit; vite.config.ts
 * builds it with vite-plugin-pwa). Registered in production builds only, never by the dev server.
 * When a new version has been installed and waits, `needReload` turns true and the page offers a
 * reload (UpdatePrompt.tsx), which activates it.
 */
import { create } from 'zustand';

export const useOffline = create<{ needReload: boolean; offlineReady: boolean; reload: (() => void) | null }>()(() => ({
  needReload: false,
  offlineReady: false,
  reload: null,
}));

export function startOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  void import('virtual:pwa-register').then(({ registerSW }) => {
    const update = registerSW({
      immediate: true,
      onNeedRefresh: () => useOffline.setState({ needReload: true }),
      onOfflineReady: () => useOffline.setState({ offlineReady: true }),
      // Blocked (a browser setting, a test harness) or failed: the app works as before, online.
      onRegisterError: () => {},
    });
    useOffline.setState({ reload: () => void update(true) });
  });
}
