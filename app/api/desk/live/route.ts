import { openLiveStream } from '@/lib/live/stream';

// GET /api/desk/live – the desk's stream of committed changes (Server-Sent Events), for a signed-in browser
export const GET = (req: Request) => openLiveStream(req);

export const dynamic = 'force-dynamic';
