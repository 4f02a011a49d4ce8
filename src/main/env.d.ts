/** The update-signing public key (base64 SPKI), set by a release build from WAYPOINT_UPDATE_PUBLIC_KEY; empty otherwise. */
declare const __UPDATE_PUBLIC_KEY__: string;
