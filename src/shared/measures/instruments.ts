/** The instruments Waypoint ships, by id. */
import type { MeasureDefinition, MeasureId } from './definition';
import { AUDIT } from './audit';
import { GAD7 } from './gad7';
import { PCL5 } from './pcl5';
import { PHQ9 } from './phq9';

export const MEASURES: Readonly<Record<MeasureId, MeasureDefinition>> = { phq9: PHQ9, gad7: GAD7, pcl5: PCL5, audit: AUDIT };
