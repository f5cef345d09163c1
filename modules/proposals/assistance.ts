import type { LocalizedText } from '../../platform/i18n/languages';
import type { LanguageAssessment, ProposalFlags } from './moderation-data';

/*
 * The machine's help beside each proposal in the moderation queue, without a database: the
 * language it seems written in, warning flags (insults, shouting, links, phone numbers, e-mail
 * addresses) and the consultation theme it seems to belong to. It only suggests: a moderator
 * decides. Everything runs in the request (no dependency, no model): a proposal is short, and
 * these are word lists and regular expressions. Duplicates, which need the database, are in
 * assistance.server.ts.
 */

/** Lower case, accents removed ("Élève" → "eleve"), so that lists match however people type. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLocaleLowerCase('en');
}

/** The words of a text, folded; apostrophes split ("l'école" → "l", "ecole"). */
export function wordsOf(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

// --- Language -------------------------------------------------------------------------------

/**
 * Per language: frequent short words (folded), and letters or letter groups typical of its
 * spelling (not folded: accents are the best clue). Short proposals are mostly made of such words.
 */
const languageProfiles: Record<string, { words: string[]; marks: RegExp[] }> = {
  fr: {
    words:
      'le la les l de des du d un une et est en dans pour que qu qui pas plus sur au aux avec ce ces cette cet il ils elle elles nous vous leur leurs sont par ne se son sa ses mais ou tous tout toute toutes faut faire etre avoir tres aussi chaque entre sans sous comme on notre nos votre vos doit doivent peut afin lors chez'.split(' '),
    marks: [/[éèêëàâçùûœ]/g, /eau/g, /\bqu'/g, /\b[ld]'/g, /ient\b/g],
  },
  en: {
    words:
      'the of and to in is that for it on with as are be this was by not or from at an have we should all more their they our can will would people which there about every make so no into than them its who what been has do does must more most'.split(' '),
    marks: [/th/g, /\bwh/g, /ing\b/g, /ght/g, /\b\w+'s\b/g],
  },
  de: {
    words:
      'der die das und ist nicht zu den von mit sich des auf fur im dem ein eine einen einer eines sie es wir ihr auch an als nach wie bei aus oder mehr muss mussen sollte sollten werden wird alle kein keine zum zur durch uber unsere unser sind noch nur'.split(' '),
    marks: [/[äöüß]/g, /sch/g, /ung\b/g, /cht/g, /\bge\w+t\b/g],
  },
  es: {
    words:
      'el la los las de del y que en un una es por con para no se su sus al lo como mas pero todos todas hay ser muy sin sobre tambien debemos deberiamos entre cada nuestro nuestra nuestros este esta estos estas hacer mejor'.split(' '),
    marks: [/[ñ¿¡]/g, /ción\b/g, /[áíóú]/g, /\bll/g],
  },
  it: {
    words:
      'il lo la gli le di del della dei delle e che un una uno per non con sono nel nella nei al alla si come piu ma anche tutti tutte ogni essere dobbiamo bisogna questo questa questi nostro nostra sul sulla degli'.split(' '),
    marks: [/zione\b/g, /gli/g, /cch/g, /zz/g, /[àèìòù]\b/g],
  },
  nl: {
    words:
      'de het een en van is dat niet te in op voor met zijn er die aan ook als bij om we wij moeten meer naar door maar wordt worden alle geen deze dit onze ons hun kunnen moet zou'.split(' '),
    marks: [/ij/g, /oe/g, /aa/g, /ee/g, /uu/g],
  },
  pt: {
    words:
      'o a os as de do da dos das e que em um uma para com nao por no na nos se mais como mas ao sao ser todos todas muito tambem devemos cada sem pelo pela pelos pelas nosso nossa isso este esta fazer'.split(' '),
    marks: [/[ãõ]/g, /ção\b/g, /ções\b/g, /nh/g, /lh/g],
  },
};

export const detectableLanguages = Object.keys(languageProfiles);
const stopWords = new Set(Object.values(languageProfiles).flatMap((profile) => profile.words));
const profileWords = Object.fromEntries(Object.entries(languageProfiles).map(([language, profile]) => [language, new Set(profile.words)]));

/** Below this many words a text says too little about its language. */
const minWordsForLanguage = 3;

/**
 * The language a text is most probably written in, or null when it is too short or when two
 * languages score too close to tell. Frequent words count 1 each, spelling marks 0.5 (at most 3).
 */
export function detectLanguage(text: string): string | null {
  const words = wordsOf(text);
  if (words.length < minWordsForLanguage) return null;
  const lower = text.toLocaleLowerCase();
  const scores = Object.entries(languageProfiles).map(([language, profile]) => {
    const wordScore = words.filter((word) => profileWords[language]!.has(word)).length;
    const marks = profile.marks.reduce((sum, mark) => sum + (lower.match(mark)?.length ?? 0), 0);
    return { language, score: wordScore + Math.min(marks, 6) * 0.5 };
  });
  scores.sort((a, b) => b.score - a.score);
  const [best, second] = scores;
  if (!best || best.score < 2) return null;
  if (second && best.score - second.score < 1) return null;
  return best.language;
}

/** The detected language against the consultation's languages. */
export function assessLanguage(text: string, declared: string, consultationLanguages: readonly string[]): LanguageAssessment {
  const detected = detectLanguage(text);
  return { detected, declared, expected: detected === null ? null : consultationLanguages.includes(detected) };
}

// --- Flags ----------------------------------------------------------------------------------

/*
 * Insults and swear words per language, folded (no accents, lower case), whole words or
 * phrases. Short on purpose: common mild-to-strong insults, enough to draw a moderator's eye.
 * A word that is innocent in a neighbouring language ("con" is "with" in Spanish) is only
 * looked for in the languages where it is an insult: see `profanityIn`.
 */
export const profanityByLanguage: Record<string, readonly string[]> = {
  fr: [
    'con', 'cons', 'conne', 'connes', 'connard', 'connards', 'connasse', 'connasses', 'salaud', 'salauds', 'salope', 'salopes', 'merde', 'merdes', 'merdique',
    'putain', 'pute', 'putes', 'encule', 'encules', 'enculer', 'enfoire', 'enfoires', 'abruti', 'abrutis', 'cretin', 'cretins', 'debile', 'debiles', 'bordel',
    'batard', 'batards', 'bouffon', 'bouffons', 'fils de pute', 'ta gueule', 'ferme ta gueule', 'nique', 'niquer', 'pourriture', 'ordure', 'ordures', 'couillon', 'trou du cul',
  ],
  en: [
    'fuck', 'fucking', 'fucked', 'fucker', 'motherfucker', 'shit', 'shitty', 'bullshit', 'crap', 'bastard', 'bastards', 'asshole', 'assholes', 'arsehole', 'dickhead',
    'idiot', 'idiots', 'moron', 'morons', 'bitch', 'bitches', 'wanker', 'wankers', 'scumbag', 'scum', 'jerk', 'jerks', 'piss off', 'shut up', 'son of a bitch', 'damn',
  ],
  de: ['scheisse', 'scheiße', 'scheiss', 'arschloch', 'arschlocher', 'wichser', 'idiot', 'idioten', 'depp', 'trottel', 'mistkerl', 'verdammt', 'drecksau', 'halt die klappe', 'hurensohn'],
  es: ['mierda', 'gilipollas', 'cabron', 'cabrones', 'imbecil', 'imbeciles', 'idiota', 'idiotas', 'puta', 'joder', 'capullo', 'estupido', 'hijo de puta', 'pendejo', 'carajo'],
  it: ['cazzo', 'stronzo', 'stronzi', 'merda', 'vaffanculo', 'idiota', 'idioti', 'imbecille', 'coglione', 'coglioni', 'porca miseria', 'figlio di puttana', 'puttana'],
  nl: ['kut', 'klootzak', 'klootzakken', 'lul', 'godverdomme', 'kanker', 'idioot', 'sukkel', 'rotzak', 'hou je bek', 'tering'],
  pt: ['merda', 'porra', 'caralho', 'idiota', 'idiotas', 'imbecil', 'babaca', 'otario', 'filho da puta', 'cala a boca', 'puta'],
};

/**
 * The insults of `languages`' lists found in a text, whole words or phrases, accents folded.
 * Returns each list entry found once, in the order of the lists.
 */
export function profanityIn(text: string, languages: readonly string[]): string[] {
  // Spaces around the words, so that " con " finds the word and never "contenir".
  const padded = ` ${wordsOf(text).join(' ')} `;
  const found = new Set<string>();
  for (const language of languages) {
    for (const entry of profanityByLanguage[language] ?? []) {
      const folded = wordsOf(entry).join(' ');
      if (padded.includes(` ${folded} `)) found.add(folded);
    }
  }
  return [...found];
}

/** Mostly capital letters: at least 8 letters that have a case, 70% of them capitals. */
export function isShouting(text: string): boolean {
  const letters = text.match(/[\p{Lu}\p{Ll}]/gu) ?? [];
  if (letters.length < 8) return false;
  const capitals = letters.filter((letter) => /\p{Lu}/u.test(letter)).length;
  return capitals / letters.length >= 0.7;
}

const addressPattern = /(?:\bhttps?:\/\/|\bwww\.)\S+/i;
// Domains written bare ("achetez sur promo-velo.fr") end in one of the frequent top-level
// domains, in lower or upper case: "la ville.De plus" is a missing space, not an address.
const bareDomainPattern = /\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(com|fr|org|net|eu|io|info|biz|be|ch|ca|de|uk|es|it|nl|pt|co|me|ly)(?![\p{L}\p{N}])/giu;
const emailPattern = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/u;

/** A web address: https://…, www.…, or a bare domain with a frequent ending. */
export function hasLink(text: string): boolean {
  // An e-mail address has a domain too: it is its own flag.
  const withoutEmails = text.replace(new RegExp(emailPattern.source, 'gu'), ' ');
  if (addressPattern.test(withoutEmails)) return true;
  return [...withoutEmails.matchAll(bareDomainPattern)].some(([, ending]) => ending === ending!.toLowerCase() || ending === ending!.toUpperCase());
}

export function hasEmail(text: string): boolean {
  return emailPattern.test(text);
}

// French: ten digits starting with 0 then 1 to 9, by pairs (06 12 34 56 78, 06.12.34.56.78,
// 0612345678). International: + or 00, a country code, then 6 to 14 digits, separators allowed
// (+33 6 12 34 56 78, +44 20 7946 0958, 0049 30 1234567, +33 (0)6 12 34 56 78).
const frenchPhone = /(?<![\d])0[1-9](?:[\s.-]?\d{2}){4}(?![\d])/;
const internationalPhone = /(?:\+|(?<![\d])00)[1-9]\d{0,2}[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){5,13}(?![\d])/;

export function hasPhone(text: string): boolean {
  return frenchPhone.test(text) || internationalPhone.test(text);
}

/**
 * Every flag of a text. Insults are looked for in the detected language's list when the
 * language is known, else in the lists of the consultation's languages.
 */
export function flagsOf(text: string, languages: readonly string[], detected: string | null = detectLanguage(text)): ProposalFlags {
  return {
    profanity: profanityIn(text, detected ? [detected] : languages),
    shouting: isShouting(text),
    links: hasLink(text),
    phones: hasPhone(text),
    emails: hasEmail(text),
  };
}

export function hasAnyFlag(flags: ProposalFlags): boolean {
  return flags.profanity.length > 0 || flags.shouting || flags.links || flags.phones || flags.emails;
}

// --- Theme ----------------------------------------------------------------------------------

export interface ThemeText {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
}

/**
 * A word's rough stem, so that "transports" meets "transport" and "écologique" meets "écologie":
 * the plural's s or x off, then the first six letters of a long word.
 */
function stem(word: string): string {
  const singular = word.length > 3 ? word.replace(/[sx]$/, '') : word;
  return singular.length > 6 ? singular.slice(0, 6) : singular;
}

/** The meaningful stems of a text: folded, stop words and words of fewer than 3 letters left out. */
export function keyStems(text: string): Set<string> {
  return new Set(
    wordsOf(text)
      .filter((word) => word.length >= 3 && !stopWords.has(word) && !/^\d+$/.test(word))
      .map(stem),
  );
}

/**
 * The theme whose title (counting double) and description, in every language, share the most
 * stems with the proposal; null when none shares any. Ties go to the theme listed first.
 */
export function suggestTheme(text: string, themes: readonly ThemeText[]): string | null {
  const proposal = keyStems(text);
  if (proposal.size === 0) return null;
  let best: { id: string; score: number } | null = null;
  for (const theme of themes) {
    const title = keyStems(Object.values(theme.title).join(' '));
    const description = keyStems(Object.values(theme.description).join(' '));
    let score = 0;
    for (const word of proposal) {
      if (title.has(word)) score += 2;
      else if (description.has(word)) score += 1;
    }
    if (score > 0 && (!best || score > best.score)) best = { id: theme.id, score };
  }
  return best?.id ?? null;
}
