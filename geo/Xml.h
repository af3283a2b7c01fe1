// XML read with GDAL's own parser (CPLParseXMLString): oblique-photography metadata.xml, QGIS styles
// (.qml) and projects (.qgs). One way of parsing, of freeing the tree and of saying what is wrong;
// one way of escaping the text PlanView writes into QML and .qgs documents.
#pragma once
#include <cpl_minixml.h>
#include <string>

namespace geo {

/// A parsed document; the tree is freed with it.
class XmlDocument {
public:
    /// Parses `text`. Throws InputError "`where`: not well-formed XML (GDAL's reason)", also for text
    /// holding NUL bytes (which the C parser would silently cut short).
    XmlDocument(const std::string& text, const std::string& where);
    ~XmlDocument();
    XmlDocument(const XmlDocument&) = delete;
    XmlDocument& operator=(const XmlDocument&) = delete;

    /// The first node of the document (a declaration or the root element) and its siblings.
    const CPLXMLNode* first() const { return root_; }
    /// The first top-level element named `name`, or null.
    const CPLXMLNode* element(const char* name) const;

private:
    CPLXMLNode* root_ = nullptr;
};

/// Reading a parsed tree (null nodes give "" / none, so lookups chain).
namespace xml {
/// An element's name ("" for none).
std::string name(const CPLXMLNode* n);
/// The first child element called `element`, or null.
const CPLXMLNode* child(const CPLXMLNode* n, const char* element);
/// An attribute (or, failing that, a child element's text) of `n`; `fallback` when absent.
std::string attr(const CPLXMLNode* n, const char* key, const std::string& fallback = "");
/// `text` escaped for an XML attribute value or element text (& < > " ').
std::string escaped(const std::string& text);
}  // namespace xml

}  // namespace geo
