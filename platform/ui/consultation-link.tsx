import { Link } from '@remix-run/react';

/** The way back from a consultation's inner pages to its public page, named by its question. */
export function ConsultationLink({ slug, question }: { slug: string; question: { text: string; lang: string } }) {
  return (
    <p>
      <Link to={`/consultations/${slug}`} lang={question.lang}>
        {question.text}
      </Link>
    </p>
  );
}
