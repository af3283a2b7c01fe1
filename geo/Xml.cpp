#include "geo/Xml.h"
#include <cpl_error.h>
#include <cstring>
#include "geo/Errors.h"

namespace geo {

XmlDocument::XmlDocument(const std::string& text, const std::string& where) {
    if (text.find('\0') != std::string::npos) throw InputError(where + ": not well-formed XML (it holds NUL bytes)");
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    root_ = CPLParseXMLString(text.c_str());
    const std::string error = CPLGetLastErrorMsg();
    CPLPopErrorHandler();
    CPLErrorReset();
    if (!root_) throw InputError(where + ": not well-formed XML" + (error.empty() ? "" : " (" + error + ")"));
}

XmlDocument::~XmlDocument() {
    if (root_) CPLDestroyXMLNode(root_);
}

const CPLXMLNode* XmlDocument::element(const char* name) const {
    for (const CPLXMLNode* n = root_; n; n = n->psNext)
        if (n->eType == CXT_Element && n->pszValue && std::strcmp(n->pszValue, name) == 0) return n;
    return nullptr;
}

std::string xml::name(const CPLXMLNode* n) { return n && n->pszValue ? n->pszValue : ""; }

const CPLXMLNode* xml::child(const CPLXMLNode* n, const char* element) {
    for (const CPLXMLNode* c = n ? n->psChild : nullptr; c; c = c->psNext)
        if (c->eType == CXT_Element && name(c) == element) return c;
    return nullptr;
}

std::string xml::attr(const CPLXMLNode* n, const char* key, const std::string& fallback) {
    const char* v = n ? CPLGetXMLValue(const_cast<CPLXMLNode*>(n), key, nullptr) : nullptr;
    return v ? v : fallback;
}

std::string xml::escaped(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default: out += c;
        }
    }
    return out;
}

}  // namespace geo
