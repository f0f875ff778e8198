import { describe, expect, it } from 'vitest';
import { controlLabels } from './map-controls.ts';

describe('controlLabels', () => {
  it('labels MapLibre’s controls in Dutch and English', () => {
    expect(controlLabels('nl')).toMatchObject({
      'Map.Title': 'Kaart van Halle',
      'NavigationControl.ZoomIn': 'Inzoomen',
      'Popup.Close': 'Sluiten',
    });
    expect(controlLabels('en')).toMatchObject({ 'NavigationControl.ZoomOut': 'Zoom out', 'Popup.Close': 'Close' });
  });
});
