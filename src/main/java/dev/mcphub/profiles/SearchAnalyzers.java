package dev.mcphub.profiles;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.core.StopFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.jspecify.annotations.Nullable;

/**
 * The text analysis of tool search: English words, lower-cased, without stop words, reduced to their stems
 * with KStem (dictionary-based, so "news" stays "news" where Porter makes it "new"). Queries also get the
 * synonyms in {@code synonyms.txt}, which bridge people's words and tool authors' ("folder" finds
 * "directory").
 */
final class SearchAnalyzers {
    private static final SynonymMap SYNONYMS = loadSynonyms();

    private SearchAnalyzers() {}

    static Analyzer index() {
        return new English(null);
    }

    static Analyzer query() {
        return new English(SYNONYMS);
    }

    private static final class English extends Analyzer {
        private final @Nullable SynonymMap synonyms;

        English(@Nullable SynonymMap synonyms) {
            this.synonyms = synonyms;
        }

        @Override
        protected TokenStreamComponents createComponents(String field) {
            Tokenizer source = new StandardTokenizer();
            TokenStream stream = new EnglishPossessiveFilter(source);
            stream = new LowerCaseFilter(stream);
            if (synonyms != null) {
                stream = new SynonymGraphFilter(stream, synonyms, true);
            }
            stream = new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            stream = new KStemFilter(stream);
            return new TokenStreamComponents(source, stream);
        }
    }

    private static SynonymMap loadSynonyms() {
        SolrSynonymParser parser = new SolrSynonymParser(true, true, new StandardAnalyzer());
        try (Reader text = new InputStreamReader(
                Objects.requireNonNull(SearchAnalyzers.class.getResourceAsStream("synonyms.txt")),
                StandardCharsets.UTF_8)) {
            parser.parse(text);
            return parser.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("synonyms.txt is malformed at line " + e.getErrorOffset(), e);
        }
    }
}
