'use client';

import { apiRequest, saveDownload } from './api';

/** Downloads go through the API with the session's client header, so a file is fetched, then saved; a refusal saves nothing. */
export async function downloadFile(file: { id: number; filename: string }): Promise<void> {
  const response = await apiRequest(`/files/${file.id}/download`);
  if (response.ok) await saveDownload(response, file.filename);
}
