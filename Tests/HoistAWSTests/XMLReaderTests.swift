import Foundation
import HoistAWS
import HoistTestSupport
import Testing

@Suite("XML reader")
struct XMLReaderTests {
    func parse(_ text: String) throws -> AWSXMLNode { try AWSXMLNode.parse(Array(text.utf8)) }

    @Test("the fixture document: declaration, comment, namespaces, entities, CDATA, self-closing, attributes")
    func fixtureDocument() throws {
        let root = try AWSXMLNode.parse(try Fixture.bytes("xml/iam-get-role.xml"))
        #expect(root.name == "GetRoleResponse")
        #expect(root.attributes["xmlns"] == "https://iam.amazonaws.com/doc/2010-05-08/")
        let role = try #require(root.child("GetRoleResult")?.child("Role"))
        #expect(role.path("RoleName") == "hoist-api-role")
        #expect(role.path("Description") == "Tom & Jerry's <role> AB")
        #expect(role.child("PermissionsBoundary") == AWSXMLNode(name: "PermissionsBoundary"))
        let members = try #require(role.child("Tags")).children("member")
        #expect(members.count == 2)
        #expect(members[0].path("Key") == "hoist:project")
        #expect(members[0].path("Value") == "a <raw> & value")
        #expect(members[1].child("Value")?.attributes == ["attr": "single", "other": "dou&ble"])
        #expect(root.path("ResponseMetadata", "RequestId") == "df37e965-9967-11e1-a4c3-270EXAMPLE04")
        #expect(root.descendant("RequestId")?.text == "df37e965-9967-11e1-a4c3-270EXAMPLE04")
        #expect(root.path("GetRoleResult", "Nope") == nil)
    }

    @Test("IAM.role reads the fixture, decoding the URL-encoded trust policy and the tags")
    func iamRole() async throws {
        let transport = FakeTransport([.respond(try .fixture(200, "xml/iam-get-role.xml"))])
        let role = try await IAM(client: TestSupport.client(transport)).getRole(name: "hoist-api-role")
        #expect(role.arn == "arn:aws:iam::123456789012:role/hoist-api-role")
        #expect(role.roleId == "AROAEXAMPLEROLEID")
        #expect(role.assumeRolePolicyDocument == #"{"Version":"2012-10-17"}"#)
        #expect(role.tags == ["hoist:project": "a <raw> & value", "USERS_TABLE": "users"])
    }

    @Test("entities: the five named ones, decimal and hex character references")
    func entities() throws {
        let node = try parse("<a t='&lt;&#x41;&gt;'>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x1F600;</a>")
        #expect(node.text == "&<>\"'AB😀")
        #expect(node.attributes["t"] == "<A>")
    }

    @Test("CDATA is kept verbatim and joins the surrounding text")
    func cdata() throws {
        let node = try parse("<a>x<![CDATA[<b>&amp;]]]]>y</a>")
        #expect(node.text == "x<b>&amp;]]y")
        #expect(node.children.isEmpty)
    }

    @Test("namespace prefixes are stripped from element and closing names")
    func namespaces() throws {
        let node = try parse(
            #"<s:Envelope xmlns:s="urn:x"><s:Body><m:Item xmlns:m="urn:m">v</m:Item></s:Body></s:Envelope>"#)
        #expect(node.name == "Envelope")
        #expect(node.path("Body", "Item") == "v")
    }

    @Test("self-closing tags, with and without attributes and spaces")
    func selfClosing() throws {
        let node = try parse(#"<r><a/><b /><c x="1"/><d x='2' /></r>"#)
        #expect(node.children.map(\.name) == ["a", "b", "c", "d"])
        #expect(node.children.allSatisfy { $0.text.isEmpty && $0.children.isEmpty })
        #expect(node.child("d")?.attributes["x"] == "2")
    }

    @Test("comments and processing instructions around and inside the root are skipped")
    func comments() throws {
        let node = try parse("<?xml version=\"1.0\"?>\n<!-- a -->\n<r>a<!-- <x>b</x> -->b</r>\n<!-- end -->\n")
        #expect(node.text == "ab")
        #expect(node.children.isEmpty)
    }

    @Test(
        "malformed documents throw AWSXMLError",
        arguments: [
            "", "   ", "text", "<", "<>", "< a/>", "<a>", "<a></b>", "<a><b></a>", "<a>&unknown;</a>", "<a>&amp</a>",
            "<a>&#xD800;</a>", "<a>&#99999999999;</a>", "<a x=1/>", "<a x/>", "<a x=\"1/>", "<a/><b/>", "<a/>tail",
            "<!-- never closed", "<?xml", "<a><![CDATA[x</a>", "<a></a", "</a>", "<a/", "<a b='1' b",
        ])
    func malformed(_ text: String) {
        #expect(throws: AWSXMLError.self) { try parse(text) }
    }

    @Test("errors say where they happened")
    func errorMessage() throws {
        let error = try #require(throws: AWSXMLError.self) { try parse("<a></b>") }
        #expect(error.description.contains("at byte"))
        #expect(error.description.contains("</b>"))
    }

    @Test("deep nesting is rejected, not a stack overflow")
    func deepNesting() {
        let depth = 200_000
        let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        #expect(throws: AWSXMLError.self) { try parse(text) }
    }

    @Test("nesting up to the limit (256 levels) still parses; one more is rejected")
    func nestingLimit() throws {
        let limit = String(repeating: "<a>", count: 257) + String(repeating: "</a>", count: 257)
        #expect(throws: AWSXMLError.self) { try parse(limit) }
        let text = String(repeating: "<a>", count: 256) + "x" + String(repeating: "</a>", count: 256)
        var node = try parse(text)
        var levels = 1
        while let child = node.child("a") {
            node = child
            levels += 1
        }
        #expect(levels == 256)
        #expect(node.text == "x")
    }

    @Test("property: 2,000 truncations and mutations of a fixture either parse or throw AWSXMLError")
    func fuzz() throws {
        let original = try Fixture.bytes("xml/iam-get-role.xml")
        var generator = SplitMix64(seed: 0x4849_4F53_54)
        let alphabet = Array("<>/&;#x![]-?='\" aZ:".utf8) + [0x00, 0xFF, 0xC3]
        var inputs = 0
        var parsed = 0
        var rejected = 0
        for round in 0..<2_000 {
            var bytes = original
            switch round % 4 {
            case 0:
                bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
            case 1:
                for _ in 0..<(1 + generator.next() % 4) {
                    let at = Int(generator.next() % UInt64(bytes.count))
                    bytes[at] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                }
            case 2:
                let at = Int(generator.next() % UInt64(bytes.count))
                let length = min(bytes.count - at, Int(1 + generator.next() % 40))
                bytes.removeSubrange(at..<at + length)
            default:
                let at = Int(generator.next() % UInt64(bytes.count))
                bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: at)
            }
            inputs += 1
            do {
                _ = try AWSXMLNode.parse(bytes)
                parsed += 1
            } catch is AWSXMLError {
                rejected += 1
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        #expect(inputs == 2_000)
        #expect(parsed + rejected == inputs)
        #expect(rejected > 500)
        #expect(parsed > 0)
    }
}
