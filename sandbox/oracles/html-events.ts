// The HTML oracle's view of the product's event-handler vocabulary (domain/threat/vocabulary/html).
import { EVENT_HANDLERS } from '../../domain/threat/vocabulary/html';

export { EVENT_HANDLERS };

export const isEventHandler = (attr: string) => EVENT_HANDLERS.has(attr.toLowerCase());
