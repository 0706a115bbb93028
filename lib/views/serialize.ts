import type { SavedView } from '@/db/schema';
import { isoTime } from '@/lib/time';

export function toSavedViewJson(view: SavedView) {
  return { id: view.id, name: view.name, query: view.query, created_at: isoTime(view.createdAt), updated_at: isoTime(view.updatedAt) };
}
