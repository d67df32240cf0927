// The socket.io event map shared by the server and the inbox UI (which imports it as types only).
export type ServerToClientEvents = {
  'message:new': (payload: { conversationId: string; message: unknown }) => void;
  'message:status': (payload: { conversationId: string; messageId: string; status: string; error?: string | null }) => void;
  'conversation:updated': (payload: { conversation: unknown }) => void;
  'conversation:handover': (payload: { conversationId: string; reason: string | null; at: string }) => void;
  'note:new': (payload: { conversationId: string; note: unknown }) => void;
  'note:mention': (payload: { conversationId: string; note: unknown }) => void;
  'channel:status': (payload: { channelId: string; status: string; qr?: string | null; pairingCode?: string | null }) => void;
};

export type ClientToServerEvents = Record<string, never>;
