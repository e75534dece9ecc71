package dev.mcphub.profiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Ranks a profile's tools for a natural-language query. Lucene's BM25 over the tool's name (split into
 * words), title, description and parameter names and descriptions, with English stemming and stop words,
 * so that "reading files" finds {@code read_file}. Lucene rather than our own scorer: stemming, stop words
 * and BM25's length normalisation are what make short tool texts rank well, and it is the best-kept library
 * there is for exactly that. The index lives in memory and is immutable once built.
 */
public final class ToolSearch {
    /** How much a word counts by where it appears: a tool's name says most about it. */
    private static final Map<String, Float> FIELDS =
            Map.of("name", 2.0f, "title", 2.0f, "description", 1.0f, "params", 0.3f);

    private final List<JsonNode> tools;
    private final IndexSearcher searcher;
    private final Analyzer analyzer;

    private ToolSearch(List<JsonNode> tools, IndexSearcher searcher, Analyzer analyzer) {
        this.tools = tools;
        this.searcher = searcher;
        this.analyzer = analyzer;
    }

    /** A hit: the tool as the profile lists it and its score. */
    public record Hit(JsonNode tool, float score) {}

    static ToolSearch of(List<JsonNode> all) {
        // Tools only an MCP App may call (visibility ["app"]) are not the model's to find.
        List<JsonNode> tools = all.stream().filter(ToolSearch::forModels).toList();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.index()))) {
            for (int i = 0; i < tools.size(); i++) {
                writer.addDocument(document(i, tools.get(i)));
            }
            writer.commit();
            return new ToolSearch(
                    List.copyOf(tools), new IndexSearcher(DirectoryReader.open(directory)), SearchAnalyzers.query());
        } catch (IOException e) {
            throw new UncheckedIOException("could not index tools in memory", e);
        }
    }

    /** The best {@code limit} tools for {@code query}, best first; empty when no word of it matches. */
    public List<Hit> find(String query, int limit) {
        Query lucene = query(query);
        if (lucene == null || tools.isEmpty()) {
            return List.of();
        }
        try {
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc doc : searcher.search(lucene, limit).scoreDocs) {
                int index = searcher.storedFields()
                        .document(doc.doc)
                        .getField("index")
                        .numericValue()
                        .intValue();
                hits.add(new Hit(tools.get(index), doc.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("could not search tools in memory", e);
        }
    }

    private @Nullable Query query(String text) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        int clauses = 0;
        for (Map.Entry<String, Float> field : FIELDS.entrySet()) {
            for (String term : terms(field.getKey(), Words.of(text))) {
                builder.add(
                        new BoostQuery(new TermQuery(new Term(field.getKey(), term)), field.getValue()),
                        BooleanClause.Occur.SHOULD);
                clauses++;
            }
        }
        return clauses == 0 ? null : builder.build();
    }

    private List<String> terms(String field, String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    private static Document document(int index, JsonNode tool) {
        Document doc = new Document();
        doc.add(new StoredField("index", index));
        doc.add(new TextField("name", Words.of(tool.path("name").asString("")), Field.Store.NO));
        doc.add(new TextField("title", Words.of(title(tool)), Field.Store.NO));
        doc.add(new TextField("description", tool.path("description").asString(""), Field.Store.NO));
        doc.add(new TextField("params", Words.of(params(tool)), Field.Store.NO));
        return doc;
    }

    private static boolean forModels(JsonNode tool) {
        JsonNode visibility = tool.path("_meta").path("ui").path("visibility");
        if (!visibility.isArray()) {
            return true;
        }
        for (JsonNode audience : visibility) {
            if ("model".equals(audience.asString(null))) {
                return true;
            }
        }
        return false;
    }

    private static String title(JsonNode tool) {
        String title = tool.path("title").asString(null);
        return title != null ? title : tool.path("annotations").path("title").asString("");
    }

    /** Parameter names and descriptions, one level deep: enough to tell "path" tools from "url" ones. */
    private static String params(JsonNode tool) {
        StringBuilder text = new StringBuilder();
        tool.path("inputSchema").path("properties").properties().forEach(p -> {
            text.append(p.getKey()).append(' ');
            text.append(p.getValue().path("description").asString("")).append(' ');
        });
        return text.toString();
    }
}
