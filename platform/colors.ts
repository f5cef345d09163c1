/*
 * Colours strategists choose (a brand, a column, a token category) are backgrounds for white
 * text: WCAG AA asks a contrast of 4.5:1 for text.
 */

export const minContrast = 4.5;

export const isHexColor = (value: string) => /^#[0-9a-f]{6}$/i.test(value);

function luminance(hex: string): number {
  const channel = (at: number) => {
    const value = parseInt(hex.slice(at, at + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of white text on `hex` (#rrggbb), from 1 to 21. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}
