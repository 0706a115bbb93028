import type { SavedView } from '@/db/schema';
import { isoTime } from '@/lib/time';
import type { SavedViewJson } from './schema';

export function toSavedViewJson(view: SavedView): SavedViewJson {
  return { id: view.id, name: view.name, query: view.query, created_at: isoTime(view.createdAt), updated_at: isoTime(view.updatedAt) };
}
