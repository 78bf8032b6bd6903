// XML of the RDS Query API (2014-10-31) as RDS writes it: `<ActionResponse>` around
// `<ActionResult>` and `<ResponseMetadata>`, `<ErrorResponse>` for errors, lists as repeated
// member elements (DBInstances/DBInstance, Events/Event, EventCategories/EventCategory).
import { randomUUID } from 'node:crypto';

export const RDS_NS = 'http://rds.amazonaws.com/doc/2014-10-31/';

/** A value as an element's content: strings escaped, nested elements kept. */
export type XmlValue = string | number | boolean | undefined | XmlNode | XmlNode[];
export interface XmlNode {
  name: string;
  value: XmlValue;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const el = (name: string, value: XmlValue): XmlNode => ({ name, value });

/** Elements from an object's keys in order; undefined values are left out. */
export function fields(o: Record<string, XmlValue>): XmlNode[] {
  return Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => el(k, v));
}

export function render(v: XmlValue): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (typeof v === 'object') return `<${v.name}>${render(v.value)}</${v.name}>`;
  return escapeXml(String(v));
}

export function responseXml(action: string, result: XmlNode[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${RDS_NS}">` +
    `<${action}Result>${render(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function errorXml(code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender'): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${RDS_NS}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}
