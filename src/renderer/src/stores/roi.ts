import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { Roi } from '../../../shared/jobs'
import { polygonBounds, type Polygon } from '../../../shared/roi-polygon'

/** What a drag or click on the image does: pan the view, draw a rectangle ROI, or place polygon vertices. */
export type ViewerTool = 'pan' | 'rect' | 'polygon'

/**
 * The region of interest on the open image (image pixels) and the active tool. A polygon ROI keeps its vertices in
 * `polygon` and its bounding box in `roi` (the rectangle that is restored; the outside is masked).
 */
export const useRoiStore = defineStore('roi', () => {
  const roi = ref<Roi>()
  const polygon = ref<Polygon>()
  const tool = ref<ViewerTool>('pan')

  /** Sets (or replaces) a rectangle ROI; any polygon is dropped. */
  function set(next: Roi | undefined): void {
    roi.value = next
    polygon.value = undefined
  }
  /** Sets (or replaces) a polygon ROI (≥ 3 vertices) and its bounding box; fewer vertices clear the ROI. */
  function setPolygon(next: Polygon | undefined): void {
    const box = next && polygonBounds(next)
    polygon.value = box ? next : undefined
    roi.value = box
  }
  /** Removes the ROI (rectangle or polygon). */
  function clear(): void {
    roi.value = undefined
    polygon.value = undefined
  }
  /** Chooses the tool. */
  function setTool(next: ViewerTool): void {
    tool.value = next
  }

  return { roi, polygon, tool, set, setPolygon, clear, setTool }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useRoiStore, import.meta.hot))
