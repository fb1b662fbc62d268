/// The OpenAPI 3.1 description of the JSON API, served at `/openapi.json`.
enum OpenAPI {
    static let document = #"""
    {"openapi": "3.1.0",
     "info": {"title": "Dyad", "version": "0.1.0", "description": "Political events coded from news, each traceable to its sentence. Counts are over clusters (one happening reported by many outlets)."},
     "paths": {
      "/api/events": {"get": {"summary": "List stored events, newest first", "parameters": [
        {"name": "actor", "in": "query", "schema": {"type": "string"}, "description": "CAMEO actor code or prefix on either side (CHN, CHNMIL, IGOWSTNAT)"},
        {"name": "country", "in": "query", "schema": {"type": "string"}, "description": "ISO 3166-1 alpha-3 on either side"},
        {"name": "code", "in": "query", "schema": {"type": "string"}, "description": "CAMEO code or root prefix (03, 0312)"},
        {"name": "root", "in": "query", "schema": {"type": "string"}, "description": "same as code"},
        {"name": "quad_class", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 4}},
        {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
        {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
        {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "full-text search over evidence sentences and titles"},
        {"name": "cluster", "in": "query", "schema": {"type": "string"}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 50, "maximum": 500}},
        {"name": "offset", "in": "query", "schema": {"type": "integer", "default": 0}}],
       "responses": {"200": {"description": "A page of events", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventPage"}}}}}}},
      "/api/events/{id}": {"get": {"summary": "One event with its evidence and the other reports in its cluster",
       "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
       "responses": {"200": {"description": "The event", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventDetail"}}}},
                     "404": {"description": "No such event", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
      "/api/dyads/{a}/{b}": {"get": {"summary": "Cooperation and conflict between two actors or countries over time (both directions)",
       "parameters": [{"name": "a", "in": "path", "required": true, "schema": {"type": "string"}},
                      {"name": "b", "in": "path", "required": true, "schema": {"type": "string"}},
                      {"name": "interval", "in": "query", "schema": {"type": "string", "enum": ["day", "week", "month"], "default": "month"}},
                      {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                      {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}],
       "responses": {"200": {"description": "The series", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DyadSeries"}}}},
                     "400": {"description": "Bad interval", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
      "/api/network": {"get": {"summary": "The actor network for a period: happenings from one actor (state or organisation) to another",
       "parameters": [{"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                      {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                      {"name": "min", "in": "query", "schema": {"type": "integer", "default": 1}, "description": "leave out edges with fewer happenings"}],
       "responses": {"200": {"description": "Edges, most active first", "content": {"application/json": {"schema": {"type": "object", "properties": {"edges": {"type": "array", "items": {"type": "object", "properties": {
         "source": {"type": "string"}, "target": {"type": "string"}, "events": {"type": "integer"}, "goldstein_mean": {"type": "number"},
         "quad": {"type": "object", "properties": {"1": {"type": "integer"}, "2": {"type": "integer"}, "3": {"type": "integer"}, "4": {"type": "integer"}}}}}}}}}}}}}},
      "/api/actors": {"get": {"summary": "Actor codes by number of events", "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer", "default": 100}}],
       "responses": {"200": {"description": "Actors", "content": {"application/json": {"schema": {"type": "object", "properties": {"actors": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}, "country": {"type": ["string", "null"]}, "events": {"type": "integer"}}}}}}}}}}}},
      "/api/documents/{id}": {"get": {"summary": "A stored article with its events", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
       "responses": {"200": {"description": "The document", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Document"}}}},
                     "404": {"description": "No such document", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}}
     },
     "components": {"schemas": {
      "Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]},
      "Actor": {"type": ["object", "null"], "properties": {"text": {"type": "string"}, "code": {"type": ["string", "null"]}, "country": {"type": ["string", "null"]}, "sector": {"type": ["string", "null"]}, "name": {"type": ["string", "null"]}, "kb_id": {"type": ["string", "null"]}}},
      "Record": {"type": "object", "description": "The event record of dyad code --format jsonl", "properties": {
        "doc_id": {"type": "string"}, "event_id": {"type": "string"}, "sentence_index": {"type": "integer"}, "date": {"type": ["string", "null"]},
        "date_precision": {"type": ["string", "null"], "enum": ["day", "month", "year", null]}, "source": {"$ref": "#/components/schemas/Actor"},
        "target": {"$ref": "#/components/schemas/Actor"}, "cameo": {"type": "string"}, "cameo_root": {"type": "string"}, "goldstein": {"type": "number"},
        "quad_class": {"type": "integer"}, "plover": {"type": ["object", "null"]}, "modality": {"type": "string", "enum": ["asserted", "intended", "negated", "hypothetical", "denied"]},
        "speaker": {"$ref": "#/components/schemas/Actor"}, "evidence": {"type": "object", "properties": {"sentence": {"type": "string"}, "trigger": {"type": "string"}, "char_start": {"type": "integer"}, "char_end": {"type": "integer"}, "rule": {"type": "string"}}},
        "in_headline": {"type": "boolean"}, "engine": {"type": "string"}}},
      "StoredEvent": {"type": "object", "properties": {"record": {"$ref": "#/components/schemas/Record"}, "document": {"type": "integer"}, "title": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]},
        "cluster": {"type": "object", "properties": {"id": {"type": ["string", "null"]}, "reports": {"type": "integer"}, "sources": {"type": "integer"}}}}},
      "EventPage": {"type": "object", "properties": {"total": {"type": "integer"}, "total_is_lower_bound": {"type": "boolean", "description": "true when over 10,000 events match; total is then 10000"}, "limit": {"type": "integer"}, "offset": {"type": "integer"}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/StoredEvent"}}}, "required": ["total", "events"]},
      "Cluster": {"type": "object", "properties": {"id": {"type": "string"}, "first_event_id": {"type": "string"}, "date": {"type": ["string", "null"]}, "source": {"type": ["string", "null"]}, "target": {"type": ["string", "null"]}, "cameo": {"type": "string"}, "quad_class": {"type": "integer"}, "reports": {"type": "integer"}, "sources": {"type": "integer"}}},
      "EventDetail": {"type": "object", "properties": {"event": {"$ref": "#/components/schemas/StoredEvent"}, "cluster": {"oneOf": [{"$ref": "#/components/schemas/Cluster"}, {"type": "null"}]},
        "reports": {"type": "array", "items": {"type": "object", "properties": {"reason": {"type": "string"}, "event": {"$ref": "#/components/schemas/StoredEvent"}}}}}},
      "DyadSeries": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}, "interval": {"type": "string"}, "unit": {"type": "string"},
        "points": {"type": "array", "items": {"type": "object", "properties": {"period": {"type": "string"}, "events": {"type": "integer"},
          "quad": {"type": "object", "properties": {"1": {"type": "integer"}, "2": {"type": "integer"}, "3": {"type": "integer"}, "4": {"type": "integer"}}},
          "goldstein_sum": {"type": "number"}, "goldstein_mean": {"type": "number"}, "cooperation_index": {"type": "number"}}}}}},
      "Document": {"type": "object", "properties": {"id": {"type": "integer"}, "doc_id": {"type": "string"}, "title": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]}, "site": {"type": ["string", "null"]}, "published": {"type": ["string", "null"]}, "copy_of": {"type": ["integer", "null"]}, "text": {"type": "string"}, "events": {"type": "array", "items": {"$ref": "#/components/schemas/StoredEvent"}}}}
     }}}
    """#
}
