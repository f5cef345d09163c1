/** Demo consultations seeded on first start and by `npm run seed`, built from the result pages of the source documents in shared/seeds/. */
export type Lang = 'fr' | 'en';
export type Localized = Record<Lang, string>;

export interface DemoTheme {
  slug: string;            // kebab-case ascii, unique within its consultation
  title: Localized;        // short, max ~60 characters
  description: Localized;  // 1–3 sentences
  children: DemoTheme[];   // sub-themes (only ONE level of nesting: children of children must be [])
}

export interface DemoConsultation {
  slug: string;                       // kebab-case ascii, globally unique
  organisation: { slug: string; name: string; primaryColor: string; secondaryColor: string }; // hex colours like '#1d3557'; primaryColor must have a contrast ratio >= 4.5 against white (it is used as a background for white text)
  question: Localized;                // the one open, non-binary question
  description: Localized;             // 2–5 sentences presenting the consultation; plain text, paragraphs separated by "\n\n"
  languages: Lang[];
  defaultLanguage: Lang;
  anonymity: 'forbidden' | 'allowed';
  moderation: 'pre' | 'post';
  /** Days relative to the day the demo is seeded (negative = in the past). */
  startsInDays: number;
  endsInDays: number;
  themes: DemoTheme[];
}

export const demoConsultations: DemoConsultation[] = [
  // 1. National debate: themes group the 20 consensus and 7 controversies of the
  //    national debate result page of seeds/000 (every item appears exactly once).
  {
    slug: 'grand-debat-national',
    organisation: {
      slug: 'assemblee-citoyenne-numerique',
      name: 'Assemblée citoyenne numérique',
      primaryColor: '#1d3557',
      secondaryColor: '#e63946',
    },
    question: {
      fr: 'Comment transformer la France ensemble ?',
      en: 'How can we transform France together?',
    },
    description: {
      fr: 'Ce grand débat national en ligne invite chacune et chacun à proposer des idées, puis à voter et à qualifier celles des autres. Ses thèmes reprennent les 20 consensus et les 7 controverses issus d’une grande consultation nationale : fiscalité, démocratie, services publics, pouvoir d’achat, transition écologique et santé.\n\nChaque proposition a autant de chances d’être vue, les propositions similaires sont regroupées et la modération est humaine, assistée par ordinateur. Les résultats seront rendus publics à tous les participants.',
      en: 'This national online debate invites everyone to put forward ideas, then to vote on and qualify those of others. Its themes build on the 20 consensus items and 7 controversies that emerged from a large national consultation: taxation, democracy, public services, purchasing power, the ecological transition and health.\n\nEvery proposal has the same chance of being seen, similar proposals are merged, and moderation is done by people, with computer assistance. The results will be made public to all participants.',
    },
    languages: ['fr', 'en'],
    defaultLanguage: 'fr',
    anonymity: 'allowed',
    moderation: 'post',
    startsInDays: -14,
    endsInDays: 42,
    themes: [
      {
        slug: 'fiscalite',
        title: {
          fr: 'Fiscalité et justice fiscale',
          en: 'Taxation and tax fairness',
        },
        description: {
          fr: 'Trois consensus et deux controverses portent sur l’impôt : qui doit payer, combien, et comment rendre le système plus juste et plus lisible.',
          en: 'Three consensus items and two controversies concern taxes: who should pay, how much, and how to make the system fairer and easier to understand.',
        },
        children: [
          {
            slug: 'fraude-et-evasion-fiscale',
            title: {
              fr: 'Lutter contre la fraude et l’évasion fiscale',
              en: 'Fighting tax fraud and tax evasion',
            },
            description: {
              fr: 'Consensus : lutter contre la fraude et l’évasion fiscale. Quels moyens donner à cette lutte, en France comme à l’échelle internationale ?',
              en: 'Consensus: fight tax fraud and tax evasion. What means should this fight be given, in France and internationally?',
            },
            children: [],
          },
          {
            slug: 'taxer-les-multinationales',
            title: {
              fr: 'Taxer davantage les multinationales',
              en: 'Taxing multinationals more',
            },
            description: {
              fr: 'Consensus : taxer davantage les multinationales. Comment faire en sorte qu’elles contribuent à la hauteur de leur activité ?',
              en: 'Consensus: tax multinationals more. How can we make sure they contribute in line with their activity?',
            },
            children: [],
          },
          {
            slug: 'remettre-a-plat-l-impot',
            title: {
              fr: 'Remettre à plat le système d’imposition',
              en: 'Overhauling the tax system',
            },
            description: {
              fr: 'Consensus : remettre à plat le système d’imposition. Quels impôts simplifier, fusionner ou repenser ?',
              en: 'Consensus: overhaul the tax system from the ground up. Which taxes should be simplified, merged or rethought?',
            },
            children: [],
          },
          {
            slug: 'isf-et-successions',
            title: {
              fr: 'ISF et impôt sur les successions',
              en: 'Wealth tax and inheritance tax',
            },
            description: {
              fr: 'Deux controverses : rétablir l’ISF (impôt de solidarité sur la fortune) et diminuer l’impôt sur les successions. Ces propositions suscitent à la fois une forte adhésion et un fort rejet.',
              en: 'Two controversies: reinstating the ISF (the French wealth tax) and lowering inheritance tax. These proposals meet both strong support and strong opposition.',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'democratie-et-citoyennete',
        title: {
          fr: 'Démocratie et citoyenneté',
          en: 'Democracy and citizenship',
        },
        description: {
          fr: 'L’exemplarité des élus et la prise en compte du vote blanc font consensus ; le référendum d’initiative citoyenne et le droit du sol font débat.',
          en: 'Exemplary conduct from elected officials and counting blank votes meet with consensus; the citizens’ initiative referendum and birthright citizenship are debated.',
        },
        children: [
          {
            slug: 'exemplarite-des-elus',
            title: {
              fr: 'Exemplarité des élus',
              en: 'Integrity of elected officials',
            },
            description: {
              fr: 'Deux consensus : supprimer les privilèges des élus et exiger d’eux un casier judiciaire vierge.',
              en: 'Two consensus items: abolish the privileges of elected officials and require them to have a clean criminal record.',
            },
            children: [],
          },
          {
            slug: 'vote-blanc',
            title: {
              fr: 'Prendre en compte le vote blanc',
              en: 'Counting blank votes',
            },
            description: {
              fr: 'Consensus : prendre en compte le vote blanc. Comment le rendre visible et lui donner une portée ?',
              en: 'Consensus: take blank votes into account. How could they be made visible and given real weight?',
            },
            children: [],
          },
          {
            slug: 'referendum-d-initiative-citoyenne',
            title: {
              fr: 'Référendum d’initiative citoyenne (RIC)',
              en: 'Citizens’ initiative referendum (RIC)',
            },
            description: {
              fr: 'Controverse : instaurer le référendum d’initiative citoyenne. La proposition divise fortement les participants.',
              en: 'Controversy: introduce a citizens’ initiative referendum. The proposal sharply divides participants.',
            },
            children: [],
          },
          {
            slug: 'droit-du-sol',
            title: {
              fr: 'Modifier le droit du sol',
              en: 'Changing birthright citizenship',
            },
            description: {
              fr: 'Controverse : modifier le droit du sol, qui permet, sous conditions, d’acquérir la nationalité française du fait de la naissance en France. La proposition divise.',
              en: 'Controversy: change the “droit du sol”, under which French nationality can, subject to conditions, be acquired through birth in France. The proposal is divisive.',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'etat-et-services-publics',
        title: {
          fr: 'État et services publics',
          en: 'The state and public services',
        },
        description: {
          fr: 'Simplifier l’organisation administrative et revoir les avantages au sommet de l’État font consensus ; les règles d’arrêt maladie des fonctionnaires font débat.',
          en: 'Simplifying the administrative structure and reviewing privileges at the top of the state meet with consensus; sick-leave rules for civil servants are debated.',
        },
        children: [
          {
            slug: 'mille-feuille-administratif',
            title: {
              fr: 'Simplifier le « mille-feuille » administratif',
              en: 'Simplifying the administrative “layer cake”',
            },
            description: {
              fr: 'Consensus : simplifier le « mille-feuille » administratif, cet empilement d’échelons et de structures. Lesquels regrouper ou supprimer ?',
              en: 'Consensus: simplify the administrative “layer cake”, the stacking of tiers and bodies of government. Which ones should be merged or abolished?',
            },
            children: [],
          },
          {
            slug: 'privileges-des-hauts-fonctionnaires',
            title: {
              fr: 'Réduire les privilèges des hauts fonctionnaires',
              en: 'Reducing the privileges of senior civil servants',
            },
            description: {
              fr: 'Consensus : réduire les privilèges des hauts fonctionnaires. Quels avantages revoir en priorité ?',
              en: 'Consensus: reduce the privileges of senior civil servants. Which benefits should be reviewed first?',
            },
            children: [],
          },
          {
            slug: 'jour-de-carence',
            title: {
              fr: 'Le jour de carence des fonctionnaires',
              en: 'The waiting day for civil servants',
            },
            description: {
              fr: 'Controverse : supprimer le jour de carence des fonctionnaires, c’est-à-dire le premier jour d’arrêt maladie non indemnisé. La proposition divise fortement.',
              en: 'Controversy: abolish the “waiting day” for civil servants, that is, the unpaid first day of sick leave. The proposal is highly divisive.',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'pouvoir-d-achat-et-travail',
        title: {
          fr: 'Pouvoir d’achat, travail et solidarités',
          en: 'Purchasing power, work and solidarity',
        },
        description: {
          fr: 'Les retraites, le prix des produits essentiels et l’attractivité des métiers qui peinent à recruter rassemblent ; le revenu universel divise.',
          en: 'Pensions, the price of essential goods and the appeal of jobs that struggle to recruit bring people together; a universal income divides them.',
        },
        children: [
          {
            slug: 'retraites-et-inflation',
            title: {
              fr: 'Réindexer les retraites sur l’inflation',
              en: 'Re-indexing pensions to inflation',
            },
            description: {
              fr: 'Consensus : réindexer les retraites sur l’inflation, pour que les pensions suivent l’évolution des prix.',
              en: 'Consensus: re-index pensions to inflation, so that they keep pace with prices.',
            },
            children: [],
          },
          {
            slug: 'tva-premiere-necessite',
            title: {
              fr: 'Baisser la TVA sur les produits de première nécessité',
              en: 'Cutting VAT on essential goods',
            },
            description: {
              fr: 'Consensus : baisser la TVA sur les produits de première nécessité. Quels produits devraient en bénéficier ?',
              en: 'Consensus: cut VAT on essential goods. Which products should benefit?',
            },
            children: [],
          },
          {
            slug: 'secteurs-en-tension',
            title: {
              fr: 'Revaloriser l’emploi dans les secteurs en tension',
              en: 'Revaluing jobs in sectors facing labour shortages',
            },
            description: {
              fr: 'Consensus : revaloriser l’emploi dans les secteurs en tension, qui peinent à recruter. Salaires, conditions de travail, formation : par où commencer ?',
              en: 'Consensus: revalue jobs in sectors facing labour shortages, which struggle to recruit. Pay, working conditions, training: where should we start?',
            },
            children: [],
          },
          {
            slug: 'revenu-universel',
            title: {
              fr: 'Créer un revenu universel de base',
              en: 'Creating a universal basic income',
            },
            description: {
              fr: 'Controverse : créer un revenu universel de base. La proposition suscite à la fois une forte adhésion et un fort rejet.',
              en: 'Controversy: create a universal basic income. The proposal meets both strong support and strong opposition.',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'transition-ecologique',
        title: {
          fr: 'Transition écologique',
          en: 'Ecological transition',
        },
        description: {
          fr: 'Sept consensus portent sur la manière de se déplacer, de produire et de consommer en préservant l’environnement.',
          en: 'Seven consensus items concern how we travel, produce and consume while protecting the environment.',
        },
        children: [
          {
            slug: 'transports-en-commun',
            title: {
              fr: 'Développer les transports en commun',
              en: 'Expanding public transport',
            },
            description: {
              fr: 'Consensus : développer l’offre de transports en commun. Où et comment la renforcer en priorité ?',
              en: 'Consensus: expand the public transport on offer. Where and how should it be strengthened first?',
            },
            children: [],
          },
          {
            slug: 'ferroutage-et-carburants',
            title: {
              fr: 'Ferroutage et carburants aérien et maritime',
              en: 'Rail freight and air and sea fuel',
            },
            description: {
              fr: 'Deux consensus : développer le ferroutage, et taxer le carburant du transport aérien et maritime.',
              en: 'Two consensus items: develop rail-road freight (lorries carried by train), and tax the fuel used by air and sea transport.',
            },
            children: [],
          },
          {
            slug: 'emballages-plastique',
            title: {
              fr: 'Limiter les emballages en plastique',
              en: 'Cutting plastic packaging',
            },
            description: {
              fr: 'Consensus : limiter les emballages en plastique. Quelles alternatives, et pour quels produits ?',
              en: 'Consensus: limit plastic packaging. What alternatives, and for which products?',
            },
            children: [],
          },
          {
            slug: 'pesticides-bio-et-local',
            title: {
              fr: 'Pesticides, bio et production locale',
              en: 'Pesticides, organic and local food',
            },
            description: {
              fr: 'Trois consensus : limiter l’usage des pesticides, favoriser le développement du bio, et promouvoir la production et la consommation locales.',
              en: 'Three consensus items: limit the use of pesticides, support the growth of organic farming, and promote local production and consumption.',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'sante',
        title: {
          fr: 'Santé et société',
          en: 'Health and society',
        },
        description: {
          fr: 'L’accès aux soins et la prise en charge des patients et des personnes âgées font consensus ; la légalisation du cannabis divise.',
          en: 'Access to care and the care of patients and elderly people meet with consensus; legalising cannabis divides.',
        },
        children: [
          {
            slug: 'deserts-medicaux',
            title: {
              fr: 'Lutter contre les déserts médicaux',
              en: 'Tackling medical deserts',
            },
            description: {
              fr: 'Consensus : lutter contre les déserts médicaux, ces territoires où il est difficile de consulter un médecin.',
              en: 'Consensus: tackle medical deserts, areas where it is hard to see a doctor.',
            },
            children: [],
          },
          {
            slug: 'hopitaux-et-ehpad',
            title: {
              fr: 'Mieux prendre en charge à l’hôpital et en Ehpad',
              en: 'Better care in hospitals and care homes',
            },
            description: {
              fr: 'Consensus : améliorer la prise en charge dans les hôpitaux et les Ehpad (établissements d’hébergement pour personnes âgées dépendantes).',
              en: 'Consensus: improve care in hospitals and in EHPADs, French residential care homes for dependent elderly people.',
            },
            children: [],
          },
          {
            slug: 'cannabis',
            title: {
              fr: 'Légaliser le cannabis',
              en: 'Legalising cannabis',
            },
            description: {
              fr: 'Controverse : légaliser le cannabis. La proposition divise fortement les participants.',
              en: 'Controversy: legalise cannabis. The proposal sharply divides participants.',
            },
            children: [],
          },
        ],
      },
    ],
  },

  // 2. Customer consultation on "the future of…" (seeds/003): four themes of two to
  //    three sub-themes each, as the article recommends, mixing marketing and CSR.
  //    Halvéo is a fictional brand.
  {
    slug: 'halveo-futur-des-courses',
    organisation: {
      slug: 'halveo',
      name: 'Halvéo',
      primaryColor: '#1b6b4a',
      secondaryColor: '#f4a261',
    },
    question: {
      fr: 'Comment inventer ensemble le futur des courses du quotidien ?',
      en: 'How can we invent the future of everyday shopping together?',
    },
    description: {
      fr: 'Halvéo, enseigne de magasins de proximité, invite ses clientes et ses clients à imaginer avec elle le futur des courses du quotidien : produits, services, expérience en magasin et engagements de l’enseigne.\n\nPendant huit semaines, le débat avance par phases : appropriation du sujet, idées nouvelles tirées des conversations, approfondissement par avantages et inconvénients, puis priorisation par des votes. Des synthèses intermédiaires sont partagées avec les participants, et chaque contribution est relue avant publication. Le livrable final, un plan d’actions, sera publié au plus tard un mois après la priorisation, avec ce que Halvéo s’engage à en faire.',
      en: 'Halvéo, a chain of neighbourhood shops, invites its customers to imagine with it the future of everyday shopping: products, services, the in-store experience and the brand’s commitments.\n\nOver eight weeks, the debate moves through phases: getting to grips with the topic, new ideas drawn from the conversations, deepening through pros and cons, then prioritisation by voting. Interim syntheses are shared with participants, and every contribution is reviewed before it is published. The final deliverable, an action plan, will be published no later than one month after prioritisation, together with what Halvéo commits to doing with it.',
    },
    languages: ['fr', 'en'],
    defaultLanguage: 'fr',
    anonymity: 'forbidden',
    moderation: 'pre',
    startsInDays: -7,
    endsInDays: 49,
    themes: [
      {
        slug: 'produits',
        title: {
          fr: 'Les produits de demain',
          en: 'Tomorrow’s products',
        },
        description: {
          fr: 'Ce que vous voulez trouver dans votre panier : qualité, origine, nouvelles gammes et plaisir du goût.',
          en: 'What you want to find in your basket: quality, origin, new ranges and the pleasure of taste.',
        },
        children: [
          {
            slug: 'qualite-et-origine',
            title: {
              fr: 'Qualité et origine des produits',
              en: 'Product quality and origin',
            },
            description: {
              fr: 'D’où viennent les produits et comment sont-ils fabriqués ? Quelles informations attendez-vous pour choisir en confiance ?',
              en: 'Where do products come from and how are they made? What information do you expect in order to choose with confidence?',
            },
            children: [],
          },
          {
            slug: 'nouvelles-gammes',
            title: {
              fr: 'Les gammes à inventer',
              en: 'Ranges to invent',
            },
            description: {
              fr: 'Les produits qui manquent aujourd’hui dans nos rayons, et ceux que vous aimeriez concevoir avec nous.',
              en: 'The products missing from our shelves today, and those you would like to design with us.',
            },
            children: [],
          },
          {
            slug: 'eveil-du-gout',
            title: {
              fr: 'L’éveil du goût des enfants',
              en: 'Awakening children’s sense of taste',
            },
            description: {
              fr: 'Comment aider les enfants à découvrir et à apprécier une alimentation variée ?',
              en: 'How can we help children discover and enjoy a varied diet?',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'services',
        title: {
          fr: 'Services et livraison',
          en: 'Services and delivery',
        },
        description: {
          fr: 'Les services qui vous feraient gagner du temps ou vous simplifieraient la vie, en magasin comme en ligne.',
          en: 'The services that would save you time or make life simpler, in store as well as online.',
        },
        children: [
          {
            slug: 'livraison-et-retrait',
            title: {
              fr: 'Livraison et retrait des courses',
              en: 'Delivery and click-and-collect',
            },
            description: {
              fr: 'Livraison à domicile, retrait en magasin ou en point relais : quelles formules vous conviendraient le mieux ?',
              en: 'Home delivery, collection in store or at a pick-up point: which options would suit you best?',
            },
            children: [],
          },
          {
            slug: 'services-en-magasin',
            title: {
              fr: 'Les services en magasin',
              en: 'In-store services',
            },
            description: {
              fr: 'Au-delà des courses, quels services un magasin de quartier devrait-il offrir à ses clients ?',
              en: 'Beyond groceries, what services should a neighbourhood shop offer its customers?',
            },
            children: [],
          },
          {
            slug: 'application-et-services-en-ligne',
            title: {
              fr: 'Application et services en ligne',
              en: 'App and online services',
            },
            description: {
              fr: 'Liste de courses, suivi des commandes, informations sur les produits : ce que l’application devrait vous permettre de faire.',
              en: 'Shopping lists, order tracking, product information: what the app should let you do.',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'experience-client',
        title: {
          fr: 'L’expérience client',
          en: 'The customer experience',
        },
        description: {
          fr: 'Chaque passage en magasin et chaque échange avec l’enseigne comptent : dites-nous ce qui les rendrait plus simples et plus agréables.',
          en: 'Every visit to a shop and every exchange with the brand counts: tell us what would make them simpler and more pleasant.',
        },
        children: [
          {
            slug: 'parcours-en-magasin',
            title: {
              fr: 'Le parcours en magasin',
              en: 'The in-store journey',
            },
            description: {
              fr: 'Attente en caisse, signalétique, accessibilité : ce qui faciliterait vos courses sur place.',
              en: 'Checkout queues, signage, accessibility: what would make shopping on site easier.',
            },
            children: [],
          },
          {
            slug: 'ecoute-et-relation-client',
            title: {
              fr: 'Écoute et relation client',
              en: 'Listening to customers',
            },
            description: {
              fr: 'Comment souhaitez-vous être écoutés et obtenir des réponses, en magasin comme en ligne ?',
              en: 'How would you like to be listened to and get answers, in store as well as online?',
            },
            children: [],
          },
          {
            slug: 'fidelite',
            title: {
              fr: 'Fidélité et avantages',
              en: 'Loyalty and rewards',
            },
            description: {
              fr: 'Quels avantages auraient du sens pour vous, au-delà des remises ?',
              en: 'Which rewards would be meaningful to you, beyond discounts?',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'responsabilite-societale',
        title: {
          fr: 'Responsabilité sociétale',
          en: 'Social and environmental responsibility',
        },
        description: {
          fr: 'Les engagements que vous attendez d’une enseigne de proximité, pour l’environnement et pour la vie du quartier.',
          en: 'The commitments you expect from a neighbourhood brand, for the environment and for local life.',
        },
        children: [
          {
            slug: 'anti-gaspillage',
            title: {
              fr: 'Lutter contre le gaspillage alimentaire',
              en: 'Fighting food waste',
            },
            description: {
              fr: 'Comment éviter que des produits encore bons soient jetés, en magasin comme à la maison ?',
              en: 'How can we keep food that is still good from being thrown away, in store and at home?',
            },
            children: [],
          },
          {
            slug: 'emballages',
            title: {
              fr: 'Moins d’emballages',
              en: 'Less packaging',
            },
            description: {
              fr: 'Vrac, contenants réutilisables, consigne : quelles solutions pour réduire les emballages ?',
              en: 'Bulk goods, reusable containers, deposit schemes: which solutions would reduce packaging?',
            },
            children: [],
          },
          {
            slug: 'ancrage-local',
            title: {
              fr: 'Producteurs, associations et écoles du quartier',
              en: 'Local producers, associations and schools',
            },
            description: {
              fr: 'Comment l’enseigne peut-elle agir avec les producteurs, les associations et les écoles près de chez vous ?',
              en: 'How can the brand work with producers, associations and schools near you?',
            },
            children: [],
          },
        ],
      },
    ],
  },

  // 3. WeEuropeans (seeds/000): closed European consultation; each sub-theme is one
  //    of its 10 proposals (the French description is the proposal as published).
  {
    slug: 'weeuropeans',
    organisation: {
      slug: 'weeuropeans',
      name: 'WeEuropeans',
      primaryColor: '#003399',
      secondaryColor: '#ffcc00',
    },
    question: {
      fr: 'Comment réinventer l’Europe concrètement ?',
      en: 'How can we reinvent Europe, concretely?',
    },
    description: {
      fr: 'WeEuropeans a engagé massivement les électeurs dans un débat sur ce qui les rassemble, avant les élections européennes de 2019. Après un grand appel dans la presse en décembre 2018, la consultation s’est déroulée pendant deux mois, en février et mars 2019, dans 27 pays et 24 langues ; elle a touché 38 millions de personnes et réuni 1,7 million de participants et 30 000 propositions.\n\nLes 10 propositions ci-dessous, proposées et plébiscitées par les Européens eux-mêmes, dessinent une Europe réinventée. Le 22 mars 2019, une séance extraordinaire au Parlement européen a confronté les candidats aux élections européennes aux propositions émergentes.',
      en: 'WeEuropeans engaged voters on a massive scale in a debate on what brings them together, ahead of the 2019 European elections. After a major call in the press in December 2018, the consultation ran for two months, in February and March 2019, in 27 countries and 24 languages; it reached 38 million people and gathered 1.7 million participants and 30,000 proposals.\n\nThe 10 proposals below, put forward and endorsed by Europeans themselves, set out how to reinvent Europe. On 22 March 2019, an extraordinary session at the European Parliament confronted candidates in the European elections with the emerging proposals.',
    },
    languages: ['en', 'fr'],
    defaultLanguage: 'en',
    anonymity: 'allowed',
    moderation: 'post',
    startsInDays: -2800,
    endsInDays: -2740,
    themes: [
      {
        slug: 'environment',
        title: {
          fr: 'Environnement et énergie',
          en: 'Environment and energy',
        },
        description: {
          fr: 'Trois des dix propositions : réutiliser les matières premières, protéger les forêts et développer les énergies renouvelables en ville.',
          en: 'Three of the ten proposals: reuse raw materials, protect forests and develop renewable energy in cities.',
        },
        children: [
          {
            slug: 'european-recycling',
            title: {
              fr: 'Un programme de recyclage européen',
              en: 'A Europe-wide recycling programme',
            },
            description: {
              fr: 'Il faut créer un programme de recyclage à l’échelle européenne. Les matières premières doivent être réutilisées plutôt que détruites.',
              en: 'We must create a Europe-wide recycling programme. Raw materials must be reused rather than destroyed.',
            },
            children: [],
          },
          {
            slug: 'protect-forests',
            title: {
              fr: 'Protéger et replanter les forêts',
              en: 'Protecting and replanting forests',
            },
            description: {
              fr: 'Il faut protéger les forêts au moyen d’une gestion efficace, et recréer des forêts de feuillus. Pour 1 arbre coupé, 5 arbres sont plantés.',
              en: 'We must protect forests through effective management, and recreate broadleaf forests. For every tree cut down, 5 trees are planted.',
            },
            children: [],
          },
          {
            slug: 'urban-renewable-energy',
            title: {
              fr: 'Les énergies renouvelables en ville',
              en: 'Renewable energy in cities',
            },
            description: {
              fr: 'Il faut encourager les projets d’énergie renouvelable dans les villes.',
              en: 'We must encourage renewable energy projects in cities.',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'integrity-of-public-life',
        title: {
          fr: 'Intégrité et transparence de la vie publique',
          en: 'Integrity and transparency of public life',
        },
        description: {
          fr: 'Deux propositions pour des responsables publics intègres et une Union européenne plus transparente.',
          en: 'Two proposals for public officials with integrity and a more transparent European Union.',
        },
        children: [
          {
            slug: 'bar-criminals-from-office',
            title: {
              fr: 'Écarter les criminels de la vie publique',
              en: 'Barring criminals from public life',
            },
            description: {
              fr: 'Il faut interdire aux criminels (p. ex. évadés fiscaux) de travailler dans le secteur public ou de se présenter à des élections en Europe.',
              en: 'We must ban criminals (e.g. tax evaders) from working in the public sector or standing for election in Europe.',
            },
            children: [],
          },
          {
            slug: 'eu-transparency',
            title: {
              fr: 'Transparence des projets et accords de l’UE',
              en: 'Transparency of EU projects and agreements',
            },
            description: {
              fr: 'Il faut disposer d’informations claires et transparentes sur l’ensemble des projets et accords au sein de l’UE.',
              en: 'We must have clear and transparent information on all projects and agreements within the EU.',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'fair-taxation',
        title: {
          fr: 'Justice fiscale',
          en: 'Fair taxation',
        },
        description: {
          fr: 'Une proposition pour que les multinationales paient leurs impôts là où elles réalisent leurs bénéfices.',
          en: 'One proposal so that multinationals pay their taxes where they make their profits.',
        },
        children: [
          {
            slug: 'end-tax-loopholes',
            title: {
              fr: 'En finir avec les niches fiscales des multinationales',
              en: 'Ending tax loopholes for multinationals',
            },
            description: {
              fr: 'Il faut cesser les niches fiscales accordées aux multinationales. Les impôts doivent être payés dans le pays où sont générés les bénéfices.',
              en: 'We must end the tax loopholes granted to multinationals. Taxes must be paid in the country where the profits are generated.',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'education-and-work',
        title: {
          fr: 'Éducation, recherche et travail',
          en: 'Education, research and work',
        },
        description: {
          fr: 'Deux propositions pour investir dans le savoir et protéger celles et ceux qui travaillent, partout dans l’Union.',
          en: 'Two proposals to invest in knowledge and protect working people throughout the Union.',
        },
        children: [
          {
            slug: 'education-and-research',
            title: {
              fr: 'Investir dans l’enseignement et la recherche',
              en: 'Investing in education and research',
            },
            description: {
              fr: 'Il faut investir dans l’enseignement et la recherche.',
              en: 'We must invest in education and research.',
            },
            children: [],
          },
          {
            slug: 'workers-rights',
            title: {
              fr: 'Protéger les droits des travailleurs',
              en: 'Protecting workers’ rights',
            },
            description: {
              fr: 'Il faut protéger les droits des travailleurs dans tous les pays de l’UE.',
              en: 'We must protect workers’ rights in every EU country.',
            },
            children: [],
          },
        ],
      },
      {
        slug: 'health',
        title: {
          fr: 'Santé et sécurité alimentaire',
          en: 'Health and food safety',
        },
        description: {
          fr: 'Deux propositions pour limiter les produits chimiques dans l’alimentation et garantir l’accès aux soins partout dans l’UE.',
          en: 'Two proposals to limit chemicals in food and guarantee access to healthcare throughout the EU.',
        },
        children: [
          {
            slug: 'chemical-limits',
            title: {
              fr: 'Coordonner les limitations de produits chimiques',
              en: 'Coordinating limits on chemicals',
            },
            description: {
              fr: 'Il faut coordonner les limitations de produits chimiques, notamment dans l’industrie alimentaire.',
              en: 'We must coordinate restrictions on chemicals, particularly in the food industry.',
            },
            children: [],
          },
          {
            slug: 'european-health-card',
            title: {
              fr: 'Être soigné partout dans l’UE',
              en: 'Healthcare anywhere in the EU',
            },
            description: {
              fr: 'Il faut s’assurer que tous les citoyens de l’UE peuvent être soignés dans les pays de l’UE avec une carte européenne d’assurance maladie.',
              en: 'We must make sure that all EU citizens can receive medical care in EU countries with a European Health Insurance Card.',
            },
            children: [],
          },
        ],
      },
    ],
  },
];
