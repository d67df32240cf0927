import { describeBotPortsContract } from './portsContract.ts';
import { createMemoryPorts } from './simulate/memoryPorts.ts';

describeBotPortsContract('in-memory ports', async () => ({ ports: createMemoryPorts().ports, conversationId: 'conversation-1' }));
