/**
 * Demo conversations: what participants of the national debate say in its ideation threads,
 * built on the consensus and controversies of the result page of seeds/000. Plain text,
 * paragraphs separated by blank lines; replies nest.
 */
export interface DemoPost {
  author: DemoAuthor;
  text: string;
  replies?: DemoPost[];
}

export type DemoAuthor = 'amina' | 'bernard' | 'chloe' | 'dominique' | 'expert' | 'pseudonymous';

export const demoAuthors: Record<DemoAuthor, { name: string; role: 'participant' | 'expert'; anonymous?: boolean }> = {
  amina: { name: 'Amina B.', role: 'participant' },
  bernard: { name: 'Bernard L.', role: 'participant' },
  chloe: { name: 'Chloé M.', role: 'participant' },
  dominique: { name: 'Dominique R.', role: 'participant' },
  expert: { name: 'Dr Hélène Fabre', role: 'expert' },
  pseudonymous: { name: 'Participant', role: 'participant', anonymous: true },
};

/** One thread per theme slug listed here; the other themes get an empty thread. */
export const demoThreads: Record<string, DemoPost[]> = {
  fiscalite: [
    {
      author: 'amina',
      text: 'Avant de parler de nouveaux impôts, il faut récupérer l’argent de la fraude. On parle de dizaines de milliards chaque année qui échappent aux caisses publiques.\n\nDonnons de vrais moyens aux contrôleurs : plus d’agents, mieux formés, et des outils pour croiser les données bancaires.',
      replies: [
        {
          author: 'expert',
          text: 'Pour situer les ordres de grandeur : les estimations de la fraude fiscale en France varient fortement selon les méthodes, de 30 à 100 milliards d’euros par an. Les contrôles fiscaux en récupèrent une dizaine de milliards.',
          replies: [
            {
              author: 'bernard',
              text: 'Merci pour ces chiffres. Si on récupère seulement un tiers de l’écart, c’est déjà plus que ce que rapporterait n’importe quel nouvel impôt.',
            },
          ],
        },
        {
          author: 'chloe',
          text: 'D’accord sur le fond, mais la fraude des multinationales passe souvent par des montages légaux. Il faut aussi un impôt minimum appliqué là où l’activité est réelle.',
        },
      ],
    },
    {
      author: 'pseudonymous',
      text: 'Le système est devenu illisible. Une remise à plat complète, avec moins de niches fiscales et un barème plus simple, rendrait l’impôt plus juste et plus accepté.',
      replies: [
        {
          author: 'dominique',
          text: 'Attention : certaines niches aident vraiment les ménages modestes, comme l’emploi à domicile pour les personnes âgées. Simplifier, oui, mais en mesurant qui perd quoi.',
        },
      ],
    },
  ],
  'democratie-et-citoyennete': [
    {
      author: 'bernard',
      text: 'Le vote blanc devrait être compté comme un suffrage exprimé. Beaucoup de gens se déplacent pour dire qu’aucun candidat ne leur convient, et leur voix disparaît.',
      replies: [
        {
          author: 'amina',
          text: 'Et si le vote blanc arrive en tête, on refait l’élection avec d’autres candidats. Sinon, le compter ne changera rien.',
        },
      ],
    },
    {
      author: 'chloe',
      text: 'Exiger un casier judiciaire vierge pour se présenter à une élection me paraît le minimum. On l’exige bien pour de nombreux emplois publics.',
    },
  ],
  'transition-ecologique': [
    {
      author: 'dominique',
      text: 'À la campagne, sans voiture on ne peut rien faire. Développer les transports en commun, c’est aussi des cars réguliers entre les villages et la gare la plus proche.',
      replies: [
        {
          author: 'pseudonymous',
          text: 'Le transport à la demande marche bien dans certains départements : on réserve la veille, un minibus passe vous chercher. C’est moins cher qu’une ligne vide toute la journée.',
        },
      ],
    },
  ],
};

/** Passages the demo idea catcher caught, each into an idea (created on first use). */
export const demoCatches: { theme: string; quote: string; idea: string; description: string; nature: 'problem' | 'solution' | 'knowledge'; nextStep: 'deepen' | 'vote' | 'argue'; important?: boolean }[] = [
  {
    theme: 'fiscalite',
    quote: 'Donnons de vrais moyens aux contrôleurs : plus d’agents, mieux formés, et des outils pour croiser les données bancaires.',
    idea: 'Renforcer les moyens du contrôle fiscal',
    description: 'Plus d’agents, mieux formés, et des outils de croisement des données pour lutter contre la fraude.',
    nature: 'solution',
    nextStep: 'deepen',
    important: true,
  },
  {
    theme: 'fiscalite',
    quote: 'les estimations de la fraude fiscale en France varient fortement selon les méthodes, de 30 à 100 milliards d’euros par an',
    idea: 'Renforcer les moyens du contrôle fiscal',
    description: '',
    nature: 'knowledge',
    nextStep: 'argue',
  },
  {
    theme: 'democratie-et-citoyennete',
    quote: 'si le vote blanc arrive en tête, on refait l’élection avec d’autres candidats',
    idea: 'Donner un effet au vote blanc',
    description: 'Compter le vote blanc, et refaire l’élection quand il arrive en tête.',
    nature: 'solution',
    nextStep: 'vote',
  },
];
