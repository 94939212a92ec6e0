import { create } from 'zustand';

/** The boundary plots' zoom (issue 15: phones): one factor for both panels, 1 to 4. */
export const ZOOM_MIN = 1;
export const ZOOM_MAX = 4;
export const useZoom = create<{ zoom: number }>()(() => ({ zoom: 1 }));
export const clampZoom = (z: number) => Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, Math.round(z * 100) / 100));
export const setZoom = (z: number) => useZoom.setState({ zoom: clampZoom(z) });
