"""Boilerplate knowledge, as data: every kind of page chrome `clean` knows by name.

Each `LineRule` names one kind of chrome and the phrases (in English, German, French,
Spanish, and where cheap Italian, Portuguese and Dutch) that make a line that kind.
The name is what `explain=True` reports for a line the rule drops, and also a feature
of the learned line model (`model.py`), which decides the lines no rule is sure about.

How to read a rule:
- `whole`: the pattern must cover the whole line (after lower-casing and trimming
  trailing punctuation and counters such as "(12)"). Used for labels and buttons:
  "Share", "Leave a Reply", "Lesen Sie auch".
- `anywhere`: the pattern may occur anywhere in a line of at most `max_words` words.
  Used for sentences that are only ever chrome: "We use cookies to ...".
- `tail`: the label starts a run of chrome that lasts to the end of the page once the
  article is over (read-also teasers, comment forms). The model sees it as a feature;
  the pipeline cuts after it only when the article body is already behind it.
- `sure`: a hit drops the line without asking the model. Rules that can also be
  article text (a heading "Related research") are not sure; the model weighs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .endings import ends_sentence

__all__ = ["RULEBOOK", "RULES", "LineRule", "RuleBook"]


@dataclass(frozen=True, slots=True)
class LineRule:
    name: str
    phrases: tuple[str, ...]
    where: Literal["whole", "anywhere"] = "whole"
    max_words: int = 12
    tail: bool = False
    sure: bool = True


def _any(*phrases: str) -> tuple[str, ...]:
    return phrases


_SOCIAL = (
    "(?:"
    + "|".join(
        (
            "facebook",
            "twitter",
            "x",
            "linkedin",
            "whatsapp",
            "telegram",
            "reddit",
            "pinterest",
            "instagram",
            "youtube",
            "tiktok",
            "e-?mail",
            "print",
            "messenger",
            "flipboard",
            "xing",
            "threads",
            "bluesky",
            "mastodon",
            "tumblr",
            "vk",
            "copy link",
            "sms",
            "rss",
            "share",
        )
    )
    + ")"
)
# Photo agencies a credit line names after the photographer ("Jane Doe / Reuters").
_AGENCY = "(?:getty images|shutterstock|reuters|ap|afp|dpa|epa|efe|alamy|unsplash)"

RULES: tuple[LineRule, ...] = (
    # --- navigation -------------------------------------------------------------------
    LineRule(
        "menu",
        _any(
            r"(?:main |mobile |primary |site |top )?(?:menu|navigation|nav)",
            r"(?:toggle|open|close|show|hide) (?:the )?(?:navigation|menu|search|sidebar)",
            r"skip (?:to|navigation)(?: (?:main )?(?:content|navigation|search|footer))?",
            r"jump to (?:navigation|content|search)",
            r"search(?: for| this site| the site)?",
            r"home(?: ?page)?",
            r"(?:go|back|return) to (?:the )?home ?page",
            r"close",
            r"open",
            r"all (?:sections|topics|categories)",
            # the label of a page's own table of contents (its entries repeat the headings)
            r"table of contents",
            r"(?:on this page|in this (?:article|post|guide))",
            r"inhaltsverzeichnis",
            r"(?:sommaire|table des matières|dans cet article)",
            r"(?:índice(?: de contenidos)?|tabla de contenidos?|en este artículo)",
            r"menü",
            r"hauptmenü",
            r"navigation (?:öffnen|schließen)",
            r"zum inhalt(?: springen)?",
            r"suche(?:n)?",
            r"startseite",
            r"schließen",
            r"menu principal",
            r"aller au contenu(?: principal)?",
            r"accueil",
            r"rechercher",
            r"recherche",
            r"fermer",
            r"menú(?: principal)?",
            r"ir al contenido(?: principal)?",
            r"inicio",
            r"buscar",
            r"cerrar",
            r"portada",
            r"(?:edition|edición|ausgabe|édition|language|sprache|langue|idioma)\s*:.*",
            r"select (?:your )?(?:language|country|region|edition)",
            r"change (?:language|region)",
            r"(?:english|deutsch|français|español|italiano|português|nederlands)"
            r"(?:\s*[|/·•]\s*(?:english|deutsch|français|español|italiano|português|nederlands))+",
        ),
    ),
    LineRule(
        "sign-in",
        _any(
            r"(?:sign|log) ?in(?: (?:/|\||or|and) (?:register|sign ?up|subscribe|create (?:an )?account))?",
            r"(?:sign|log) ?(?:up|out)",
            r"register",
            r"create (?:an |your )?account",
            r"my account",
            r"join(?: now| free| for free)?",
            r"subscribe(?: now| today)?",
            r"account",
            r"profile",
            r"anmelden",
            r"abmelden",
            r"registrieren",
            r"mein konto",
            r"einloggen",
            r"login",
            r"se connecter",
            r"connexion",
            r"s'inscrire",
            r"inscription",
            r"mon compte",
            r"se déconnecter",
            r"iniciar sesión",
            r"registrarse",
            r"mi cuenta",
            r"acceder",
            r"entrar",
            r"cerrar sesión",
            r"already (?:a subscriber|have an account)\?.*",
            r"(?:don'?t|do not) have an account\?.*",
            r"sign in to (?:continue|read|comment|keep reading).*",
            r"(?:e-?mail address|password|username|benutzername|passwort|mot de passe|contraseña|e-mail-adresse)",
            r"(?:or )?continue with (?:google|apple|facebook|microsoft|linkedin|e-?mail)",
            r"or continue with",
            r"create a free account to (?:keep|continue) reading",
            r"forgot(?:ten)? (?:your )?password\??",
            r"remember me",
            r"(?:register|sign up) (?:now|for free|today)",
            r"pas encore de compte\s*\?.*",
            r"noch kein konto\?.*",
            r"¿no tienes (?:una )?cuenta\?.*",
        ),
    ),
    LineRule(
        "share",
        _any(
            r"share(?: this| this (?:article|story|post|page|video|on))?(?: on \w+)?",
            r"share (?:via|by) \w+",
            r"tweet(?: this)?",
            r"pin(?: it)?",
            r"e-?mail(?: this)?",
            r"print(?: this)?(?: (?:article|page|story))?",
            r"copy(?: the)? link",
            r"link copied",
            r"follow us(?: on \w+)?",
            r"(?:like|follow) us on \w+",
            _SOCIAL + r"(?:\s*[|,/·•]?\s*" + _SOCIAL + r")+",
            # a labelled bar: "Partager : Facebook X LinkedIn Copier le lien", "Teilen: Facebook X"
            r"(?:share(?: this(?: article| story| post| page)?)?|partager(?: cet article)?|(?:artikel )?teilen"
            r"|compartir(?: este artículo| esta noticia)?|condividi)\s*:?\s*(?:(?:"
            + _SOCIAL
            + r"|copier le lien|link kopieren|copiar (?:el )?enlace|e-?mail)\s*[|,/·•]?\s*)+",
            r"teilen(?: mit)?",
            r"(?:auf|bei|via|über) \w+ teilen",
            r"artikel teilen",
            r"beitrag teilen",
            r"drucken",
            r"per e-?mail (?:senden|teilen|versenden)",
            r"folgen sie uns(?: auf \w+)?",
            r"partager(?: sur \w+| cet article| l'article)?",
            r"imprimer",
            r"envoyer par (?:e-?mail|courriel)",
            r"suivez-nous(?: sur \w+)?",
            r"compartir(?: en \w+| este artículo| esta noticia)?",
            r"imprimir",
            r"enviar por (?:correo|e-?mail)",
            r"síguenos(?: en \w+)?",
            r"condividi",
            r"partilhar",
            r"delen",
        ),
    ),
    # A whole share bar as one line: "Share this page to Facebook Share this page to X
    # Share this page via Email" (longer than a line rule's usual 12 words).
    LineRule(
        "share",
        _any(r"(?:share(?: this(?: article| story| post| page)?)? (?:to|on|via|by) \w+\s*[|,/·•]?\s*){2,}"),
        max_words=40,
    ),
    # One network's name alone on a line is the rest of a share bar (its label or the
    # other buttons were their own lines); a line the model still judges: an article can
    # list the networks it writes about.
    LineRule(
        "share",
        _any(
            r"(?:facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|tumblr|flipboard|xing|bluesky"
            r"|mastodon|j[’']aime|me gusta|gefällt mir|mi piace)",
        ),
        sure=False,
    ),
    LineRule(
        "share",
        _any(
            r"(?:click|tap) to (?:share|email|print) (?:on|this)",
            r"share (?:this|the) (?:article|story|post)",
        ),
        where="anywhere",
        max_words=10,
    ),
    LineRule(
        "newsletter",
        _any(
            r"(?:subscribe|sign up|register|join) (?:now |today )?(?:to|for) (?:our|the) (?:free )?"
            r"(?:daily |weekly |monthly )?(?:\w+ )?(?:newsletters?|mailing list|updates|digest|briefing)",
            r"get (?:the latest|our best) (?:news|updates|stories|articles|deals).{0,40}(?:inbox|e-?mail)",
            r"delivered (?:straight |directly )?to your inbox",
            r"(?:directly|straight|right) (?:in|into|to) your inbox",
            r"dans votre boîte (?:mail|e-mail|aux lettres|de réception)",
            r"in ihr(?:em|en)? (?:e-mail-)?postfach",
            r"en tu (?:bandeja de entrada|correo(?: electrónico)?)",
            r"(?:by signing up|en vous inscrivant|mit (?:der|ihrer) anmeldung|al suscribirte),? "
            r"(?:you agree|vous acceptez|akzeptieren sie|stimmen sie|aceptas)",
            r"enter your e-?mail(?: address)?",
            r"newsletter abonnieren",
            r"zum newsletter anmelden",
            r"jetzt (?:kostenlos )?abonnieren",
            r"(?:abonnez|inscrivez)-vous (?:à|a) (?:notre|la|nos) newsletters?",
            r"recevez (?:notre|la) newsletter",
            r"suscríbete(?: a (?:nuestro|nuestra|el|la) (?:boletín|newsletter))?",
            r"(?:recibe|recibir) (?:nuestro|el) (?:boletín|newsletter)",
            r"iscriviti alla newsletter",
            r"melden sie sich (?:jetzt )?(?:für|zu) (?:unseren?|den|dem) (?:\w+ )?newsletter an",
            r"(?:für den|zum|unseren) newsletter (?:anmelden|registrieren|abonnieren)",
            r"by (?:signing up|subscribing),? you agree to",
            r"unsubscribe at any time",
        ),
        where="anywhere",
        max_words=30,
    ),
    LineRule(
        "newsletter",
        _any(
            r"newsletters?",
            r"(?:e-?mail )?newsletter sign ?up",
            r"boletín",
            r"bulletin",
            # a pitch under its label: "Newsletter: get the week's news every Friday."
            r"(?:newsletters?|boletín)\s?[:–—] .{0,160}",
        ),
    ),
    LineRule(
        "cookie",
        _any(
            r"we use cookies",
            # consent banners open with the company they keep; news does not
            r"(?:we and our|wir und unsere|nous et nos|nosotros y nuestros) (?:\d+ )?"
            r"(?:partners|partner|partenaires|socios)",
            r"(?:use|uses|using|verwenden|nutzen|utilisent|utilisons|utilizan|utilizamos|usamos|usa|utiliza|utilizza"
            r"|utilizzano)"
            r" (?:de |des |i )?cookies?\b",
            r"cookies? (?:and|und|et|y|e) (?:similar|ähnliche|autres|similares|simili)",
            r"we value your privacy",
            r"your privacy (?:choices|settings|preferences)",
            r"wir respektieren ihre privatsphäre",
            r"nous respectons votre vie privée",
            r"respetamos tu privacidad",
            r"(?:this|our) (?:web)?site uses cookies",
            r"(?:(?:agree|consent) to|accept) (?:the|our) use of cookies",
            r"our use of cookies",
            r"cookies? for (?:preferences|statistics|analytics|marketing)",
            r"uses cookies to",
            r"accept (?:all )?cookies",
            r"cookie (?:settings|policy|preferences|consent|notice)",
            r"manage (?:cookie |your )?(?:preferences|consent|settings)",
            r"by continuing to (?:use|browse)",
            r"wir (?:verwenden|nutzen) cookies",
            r"diese (?:web)?(?:seite|site) (?:verwendet|nutzt) cookies",
            r"cookie-einstellungen",
            r"nous utilisons des cookies",
            r"ce site utilise des cookies",
            r"utilizamos cookies",
            r"este sitio (?:web )?(?:utiliza|usa) cookies",
            r"política de cookies",
            r"politique (?:relative aux|de) cookies",
            r"utilizziamo i cookie",
            r"usamos cookies",
            # a consent dialog's categories of cookies and what it says of them
            r"(?:strictly necessary|performance|functional|functionality|targeting|analytics|advertising|marketing"
            r"|social media|essential|necessary|statistics|preference) cookies",
            r"these cookies (?:enable|allow|help us|collect|track|ensure|may be set|do not (?:store|directly)"
            r"|are (?:used|set|necessary|essential|required|strictly))\b",
            r"(?:notwendige|funktionale|statistik-?|marketing-?|essenzielle) ?cookies",
            r"cookies (?:strictement nécessaires|de performance|fonctionnels|de ciblage|de mesure d'audience)",
            r"cookies (?:estrictamente necesarias|de rendimiento|funcionales|de análisis|publicitarias)",
            r"cookies are small (?:data |text )?files",
            r"(?:necessary|essential|required) for (?:the|our|this) (?:web)?site to (?:function|work|operate)",
            r"(?:list of )?iab vendors?",
            r"object to legitimate interests?",
            # the purposes of the IAB's consent framework, which thousands of sites show word for word
            r"store and/or access information on a device",
            r"use limited data to select (?:advertising|content)",
            r"(?:create|use) profiles? (?:for|to) (?:select )?personali[sz]ed? (?:advertising|content)",
            r"measure (?:advertising|content) performance",
            r"understand audiences through statistics",
            r"develop and improve (?:services|products)",
            r"use precise geolocation data",
            r"actively scan device characteristics",
            r"\d+ partners? can use this purpose",
        ),
        where="anywhere",
        max_words=60,
    ),
    LineRule(
        "cookie",
        _any(
            r"accept(?: all)?",
            r"reject(?: all)?",
            r"decline",
            r"agree",
            r"i agree",
            r"got it",
            r"ok(?:ay)?",
            r"alle akzeptieren",
            r"(?:alle )?cookies akzeptieren",
            r"akzeptieren",
            r"ablehnen",
            r"tout accepter",
            r"accepter(?: (?:les|tous les) cookies)?",
            r"refuser",
            r"aceptar(?: todo| todas| (?:todas )?(?:las )?cookies)?",
            r"rechazar",
            r"accetta",
            r"aceitar(?: tudo| todos)?",
            r"rejeitar",
            r"rifiuta",
        ),
    ),
    LineRule(
        "advertisement",
        _any(
            r"advertisement",
            r"advertising",
            r"ads?",
            r"sponsored(?: content| post| by .*)?",
            r"promoted",
            r"paid (?:content|post|partnership)",
            r"partner content",
            r"(?:story|article) continues below"
            r"(?: (?:this )?advertisement)?",
            r"advertisement\s?[-–—:|]\s?continue reading below",
            r"continue reading below",
            r"scroll to continue(?: with content)?",
            r"anzeige",
            r"werbung",
            r"publicité",
            r"annonce",
            r"publicidad",
            r"patrocinado",
            r"contenido patrocinado",
            r"pubblicità",
            r"publicidade",
            r"advertentie",
        ),
    ),
    LineRule(
        "tags",
        _any(
            r"(?:tags?|tagged(?: with| in)?|topics?|filed under|categories|category|keywords|posted in"
            r"|schlagwörter|schlagworte|themen|stichwörter|mots[- ]clés|étiquettes|thèmes|sujets"
            r"|etiquetas|temas|palabras clave|categorías|argomenti)\s*:.*",
            r"tags",
            r"topics",
            r"schlagwörter",
            r"mots-clés",
            r"etiquetas",
        ),
        max_words=40,
    ),
    LineRule(
        "author-bio",
        _any(
            r"about the (?:author|writer|contributor)s?",
            r"(?:über|zum) (?:den |die )?autor(?:in|en)?",
            r"à propos de l'auteur",
            r"sobre (?:el|la) autora?",
            r"sull'autore",
            r"(?:more|other) (?:articles|posts|stories) (?:by|from) .*",
            r"(?:view|see) all (?:posts|articles|stories) by .*",
            r"all (?:posts|articles) by .*",
            r"alle (?:artikel|beiträge) von .*",
            r"tous les articles de .*",
            r"(?:más|todos los) artículos de .*",
            r"author profile",
            r"autorenprofil",
        ),
        max_words=14,
    ),
    LineRule(
        "pagination",
        _any(
            r"(?:previous|next|prev|older|newer)(?: (?:post|article|page|entries|posts|story|chapter))?",
            r"page \d+ of \d+",
            r"load more(?: \w+)?",
            r"view all(?: \w+)?",
            r"(?:previous|prev) next",
            r"show more",
            r"view more",
            r"see more",
            r"show all",
            r"vorherige(?:r|s)?(?: (?:artikel|beitrag|seite))?",
            r"nächste(?:r|s)?(?: (?:artikel|beitrag|seite))?",
            r"zurück",
            r"weiter",
            r"mehr (?:laden|anzeigen)",
            r"seite \d+ von \d+",
            r"précédent(?:e)?",
            r"suivant(?:e)?",
            r"voir plus",
            r"afficher plus",
            r"page \d+ sur \d+",
            r"anterior",
            r"siguiente",
            r"cargar más",
            r"ver más",
            r"página \d+ de \d+",
            r"[\d\s.…|<>«»‹›]+",
            # a listing's sort menu, its options run together ("Highest score (default) Date
            # modified (newest first) ...", "Price low to high Price high to low Newest first")
            r"(?:sort(?: by)?:? )?(?:(?:highest score|trending|date modified|date created|oldest first|newest first"
            r"|most reactions|most relevant|best selling|price,? low to high|price,? high to low|featured)"
            r"(?: \((?:default|newest first|oldest first|recent votes count more)\))? ?){2,}",
        ),
        max_words=24,  # a sort menu of six options
    ),
    LineRule(
        "read-more",
        _any(
            r"read (?:more|the full (?:article|story))",
            r"continue reading(?: .*)?",
            r"keep reading",
            r"click to expand\W*",  # a forum quote cut short
            r"weiterlesen",
            r"mehr lesen",
            r"lire la suite",
            r"leer más",
            r"seguir leyendo",
            r"continua a leggere",
        ),
    ),
    LineRule(
        "read-also",
        _any(
            r"(?:read (?:also|more|next)|also read|see also|related|more|lesen sie (?:auch|mehr)|auch lesenswert"
            r"|mehr zum thema|à lire (?:aussi|également)|lire aussi|voir aussi|lee (?:también|más)|te puede interesar"
            r"|leggi anche|leia também)\s*:\s*\S.{2,140}",
        ),
        max_words=30,
    ),
    LineRule(
        "read-also",
        _any(
            r"read (?:also|next)",
            r"also read",
            r"see also",
            r"more (?:stories|news|articles|posts|reads)",
            r"related(?: (?:articles?|posts?|stories|news|content|reading|topics|coverage|links))?",
            r"you (?:may|might) also (?:like|be interested in|enjoy)",
            r"recommended(?: for you| articles| stories| reading)?",
            r"(?:most )?popular(?: (?:posts|articles|stories|now))?",
            r"most (?:read|viewed|shared)",
            r"trending(?: now| stories)?",
            r"don'?t miss",
            r"editor'?s picks",
            r"latest (?:news|posts|articles|stories)",
            r"recent posts",
            r"(?:promoted|sponsored|recommended) (?:stories|content|links|posts)",
            r"(?:from|more from) (?:our|the) partners?",
            r"around the web",
            r"you might like",
            r"more for you",
            r"more from .{1,40}",
            r"top stories",
            r"in case you missed it",
            r"lesen sie (?:auch|mehr)",
            r"auch interessant",
            r"mehr zum thema",
            r"das könnte sie (?:auch )?interessieren",
            r"weitere (?:artikel|beiträge|nachrichten)",
            r"verwandte (?:artikel|themen)",
            r"meistgelesen(?:e)?",
            r"à lire (?:aussi|également)",
            r"lire aussi",
            r"sur le même (?:sujet|thème)",
            r"vous (?:aimerez|pourriez aimer) (?:aussi|également)",
            r"articles similaires",
            r"les plus lus",
            r"à voir aussi",
            r"voir aussi",
            r"lee (?:también|más)",
            r"te puede interesar",
            r"noticias relacionadas",
            r"artículos relacionados",
            r"(?:las )?más leídas",
            r"también te puede interesar",
            r"leggi anche",
            r"articoli correlati",
            r"leia também",
            r"lees ook",
        ),
        tail=True,
    ),
    LineRule(
        "comments",
        _any(
            r"leave a (?:reply|comment)",
            r"(?:\S+ ){0,2}\S+ says:?",  # a comment's header in WordPress's themes ("Jane Doe says:")
            r"post a comment",
            r"add (?:a |your )?comment",
            r"\d+ (?:comments?|responses?|replies)",
            r"\d+ (?:kommentare?|commentaires?|comentarios?|commenti|comentários|reacties)",
            r"comments?",
            r"(?:no|one) (?:comments?|responses?)(?: yet)?",
            r"join the (?:discussion|conversation)",
            r"your email address will not be published.*",
            r"required fields are marked.*",
            r"cancel reply",
            r"(?:post|submit) (?:a )?comment",
            r"notify me of (?:new|follow-up) (?:comments|posts).*",
            r"save my name, email, and website.*",
            r"you must be logged in to post a comment.*",
            r"kommentare?",
            r"kommentar (?:schreiben|hinzufügen|verfassen)",
            r"hinterlasse einen kommentar",
            r"schreibe einen kommentar",
            r"deine e-mail-adresse wird nicht veröffentlicht.*",
            r"ihre e-mail-adresse wird nicht veröffentlicht.*",
            r"commentaires?",
            r"laisser un commentaire",
            r"laissez un commentaire",
            r"votre adresse (?:e-?mail|de messagerie) ne sera pas publiée.*",
            r"comentarios?",
            r"deja (?:un|tu) comentario",
            r"dejar un comentario",
            r"tu dirección de correo electrónico no será publicada.*",
            r"lascia un commento",
            r"commenti",
        ),
        tail=True,
        max_words=25,
    ),
    LineRule(
        "copyright",
        _any(
            r"(?:©|\(c\)).*",
            # "Copyright 2024 ...", "Copyright © ...", "Copyright by ...": not "Copyright law ..."
            r"copyright\s*(?:©|\(c\)|(?:19|20)\d\d|by\b|:).*",
            r".*\ball rights reserved\b.*",
            r".*\balle rechte vorbehalten\b.*",
            r".*\btous droits réservés\b.*",
            r".*\btodos los derechos reservados\b.*",
            r".*\btutti i diritti riservati\b.*",
        ),
        max_words=40,
    ),
    LineRule("copyright", _any(r"copyright\b.*"), max_words=6),  # "Copyright Foo Media Inc."
    LineRule(
        "legal-links",
        _any(
            r"privacy(?: policy| notice| settings)?",
            r"terms(?: of (?:use|service))?",
            r"terms (?:and|&) conditions",
            r"imprint",
            r"impressum",
            r"datenschutz(?:erklärung|hinweise)?",
            r"mentions légales",
            r"politique de confidentialité",
            r"cgu",
            r"aviso legal",
            r"política de privacidad",
            r"contact(?: us)?",
            r"kontakt",
            r"about(?: us)?",
            r"über uns",
            r"nous contacter",
            r"contactez-nous",
            r"qui sommes-nous",
            r"contacto",
            r"quiénes somos",
            r"sitemap",
            r"accessibility(?: statement)?",
            r"careers",
            r"jobs",
            r"advertise(?: with us)?",
            r"faqs?",
            r"help",
            r"do not sell my (?:personal )?information",
            r"your privacy choices",
            r"agb",
            r"cookies",
            r"rss(?: feeds?)?",
        ),
    ),
    LineRule(
        "back-to-top",
        _any(
            r"(?:back|go|return|scroll) to (?:the )?top(?: button| of (?:the )?page)?",
            r"top",
            r"nach oben",
            r"zurück nach oben",
            r"haut de page",
            r"retour en haut(?: de (?:la )?page)?",
            r"volver arriba",
            r"ir arriba",
            r"torna su",
        ),
    ),
    LineRule(
        "powered-by",
        _any(
            r"powered by .*",
            r"(?:website|site|web design|design|theme) by .*",
            r"built with .*",
            r"proudly powered by .*",
            r"realisiert von .*",
            r"propulsé par .*",
            r"desarrollado por .*",
        ),
        max_words=14,
    ),
    LineRule(
        "reading-time",
        _any(
            r"\d+\s*(?:-\s*)?min(?:ute)?s?(?: read)?",
            r"reading time:?.*",
            r"\d+ min(?:ute)? read",
            r"lesezeit:?.*",
            r"lesedauer:?.*",
            r"\d+ min\.? lesezeit",
            r"\d+ min(?:uten)? lesezeit",
            r"temps de lecture:?.*",
            r"\d+ min de lecture",
            r"(?:tiempo de )?lectura:? \d+ min(?:utos)?",
            r"\d+ min(?:utos)? de lectura",
            r"listen to (?:this )?(?:article|story)(?:.*)?",
            r"artikel anhören",
            r"écouter (?:cet )?article",
            r"escuchar (?:este )?artículo",
        ),
    ),
    LineRule(
        "feedback",
        _any(
            r"was this (?:article|page|answer|information) (?:helpful|useful)\??.*",
            r"rate this (?:article|post|page)",
            r"(?:yes|no)",
            r"thanks for your feedback.*",
            # a form's stock replies (Webflow's, on thousands of sites), in the page however it was sent
            r"oops! something went wrong while submitting the form\.?",
            r"(?:thank you[!,]? )?your submission has been received!?",
            r"war dieser artikel hilfreich\??.*",
            r"cet article (?:vous )?a-t-il été utile\??.*",
            r"¿te ha resultado útil.*",
            r"report (?:an? )?(?:error|typo|issue)",
            r"report this (?:ad|comment)",
        ),
    ),
    LineRule(
        "paywall",
        _any(
            r"subscribe to (?:continue|keep) reading.*",
            r"this (?:article|content) is (?:for|only available to) subscribers.*",
            r"already a subscriber\?.*",
            r"(?:start|get) your free trial.*",
            r"unlock (?:this|all) (?:article|content).*",
            r"to (?:read|continue reading) (?:this|the full|the rest of this) (?:article|story).{0,20}"
            r"(?:sign in|log in|subscribe|register|create an? (?:free )?account).*",
            r"jetzt weiterlesen mit .*",
            r"um (?:diesen artikel|weiterzulesen).{0,40}(?:anmelden|registrieren|abonnieren|abonnenten).*",
            r"pour (?:lire|continuer à lire) (?:cet article|la suite).{0,40}(?:connectez|abonnez|inscrivez).*",
            r"para (?:leer|seguir leyendo)(?: este artículo| más)?.{0,40}(?:inicia sesión|suscríbete|regístrate).*",
            r"dieser artikel ist (?:nur )?für abonnenten.*",
            r"(?:article|contenu) réservé aux abonnés.*",
            r"contenido exclusivo para suscriptores.*",
            r"you(?: have|'ve) read \d+ of (?:your )?\d+ free (?:articles|stories).*",
            r"subscribe (?:now )?for unlimited (?:digital )?access.*",
            r"sie haben \d+ von \d+ (?:kostenlosen|freien) artikeln.*",
            r"vous avez lu \d+ (?:des|de vos|sur) \d+ articles? gratuits?.*",
            r"has leído \d+ de (?:tus )?\d+ artículos gratuitos.*",
        ),
        where="anywhere",
        max_words=30,
    ),
    LineRule(
        "app-promo",
        _any(
            r"download (?:our|the) app.*",
            r"get the app",
            r"(?:available|download) on the app store.*",
            r"get it on google play",
            r"laden sie unsere app.*",
            r"téléchargez (?:notre |l')application.*",
            r"descarga (?:nuestra|la) app.*",
        ),
    ),
    # --- placeholders a script fills in later: in a text dump they stay as they are ----
    LineRule(
        "placeholder",
        _any(
            r"loading(?: more)?",
            r"(?:please wait|one moment)(?: please)?",
            r"(?:wird |werden )?(?:geladen|lädt)",
            r"bitte warten",
            r"chargement(?: en cours)?",
            r"veuillez patienter",
            r"cargando",
            r"caricamento(?: in corso)?",
            r"carregando",
            r"bezig met laden",
        ),
    ),
    LineRule(
        "counters",
        _any(
            r"(?:(?:replies|views|posts|likes|comments|votes|answers|followers|members|threads|messages|reactions"
            r"|shares|antworten|aufrufe|beiträge|réponses|vues|respuestas|visitas|vistas|risposte|visualizzazioni)"
            r"\s*:?\s*[\d.,]+k?\s*[·|•,/]?\s*)+",
            r"(?:[\d.,]+k?\s*(?:replies|views?|posts?|likes?|comments|votes?|answers?|shares?|antworten|aufrufe|réponses"
            r"|vues|respuestas|visitas)\s*[·|•,/]?\s*)+",
        ),
    ),
    LineRule(  # the buttons themselves, whole: never a product's description
        "shop-widget",
        _any(
            r"add to (?:cart|basket|bag|wishlist|wish list)",
            r"in den warenkorb(?: legen)?",
            r"ajouter au panier",
            r"añadir al carrito",
            r"aggiungi al carrello",
        ),
    ),
    LineRule(
        "shop-widget",
        _any(
            r"add to (?:cart|basket|bag|wishlist|wish list)",
            r"(?:in|out of) stock.*",
            r"quantity",
            r"buy now",
            r"shop (?:now|all)",
            r"free (?:uk |us |eu )?(?:delivery|shipping|returns).*",
            r"(?:basket|cart|bag)(?: \(\d+\))?",
            r"in den warenkorb",
            r"(?:auf|nicht auf) lager.*",
            r"ajouter au panier",
            r"(?:en|en rupture de) stock.*",
            r"añadir al carrito",
            r"(?:en|sin) stock.*",
            r"aggiungi al carrello",
        ),
        sure=False,
    ),
    LineRule(
        "photo-credit",
        _any(
            r"(?:photo|image|picture|pic|foto|bild|fotografía|imagen|illustration|graphic|video|credit|crédit)s?"
            r"(?: credits?| source| courtesy| by)?\s*(?::|©|\bby\b).{0,80}",
            r"(?:crédits? photo|photo credits?|image credits?|bildquelle|fuente de la imagen)\s*:.{0,80}",
            r"(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|reuters|dpa|epa|ap|afp|efe"
            r"|alamy|unsplash|pexels|pixabay|wikimedia commons)(?:\s*(?:/|via)\s*.{0,60})?",
            # a "/" or a "|" before the agency, each a phrase of its own (see `RuleBook`)
            rf"[a-z][\w .'-]{{1,40}}\s*/\s*{_AGENCY}",
            rf"[a-z][\w .'-]{{1,40}}\s*\|\s*{_AGENCY}",
            r"\(?(?:photo|image|foto|bild)\s*:.{1,60}\)?",
            r"(?:photographs?|photos?|pictures?|images?|illustrations?|fotos?|bilder|photographies?)"
            r" (?:by|von|de|par|por) .{1,60}",
        ),
        max_words=16,
    ),
)


_SEPARATORS = frozenset("/|")  # see `RuleBook.__init__`: few lines hold one
_LITERAL_RUN = re.compile(r"[a-zà-ÿ]{4,}")
_RUN_HEAD = re.compile(r"([a-zà-ÿ]{4})[a-zà-ÿ]*")  # the same runs; findall gives their first four letters
# Words too common in prose to screen lines by: a phrase is screened by its other words.
_COMMON = frozenset(
    """
    your this that with from have will more about what when they their there were been which would
    could into only also than them then some over such here just like most other time after first
    site page read news ihre diese sind wird werden nicht eine einen oder sich auch nous vous avec
    pour dans plus sont cette este esta para como pero más sobre todo todos
    """.split()
)


def first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with (lower-case), or None for "any".

    Read from the parse tree of Python's own regex parser; anything it cannot be sure
    of (a negated class, a category like \\w, an empty match) answers None.
    """
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as p  # type: ignore[attr-defined]

        tree = p.parse(pattern, re.IGNORECASE)
    except Exception:
        return None

    def seq(items: list[tuple[object, object]]) -> tuple[set[str] | None, bool]:
        out: set[str] = set()
        for op, av in items:
            first, nullable = one(op, av)
            if first is None:
                return None, False
            out |= first
            if not nullable:
                return out, False
        return out, True

    def one(op: object, av: object) -> tuple[set[str] | None, bool]:
        if op is c.LITERAL:
            return {chr(av).lower()}, False  # type: ignore[arg-type]
        if op is c.AT:
            return set(), True
        if op is c.IN:
            chars: set[str] = set()
            for iop, iav in av:  # type: ignore[attr-defined]
                if iop is c.LITERAL:
                    chars.add(chr(iav).lower())
                elif iop is c.RANGE and iav[1] - iav[0] < 500:
                    chars |= {chr(x).lower() for x in range(iav[0], iav[1] + 1)}
                else:
                    return None, False
            return chars, False
        if op is c.SUBPATTERN:
            return seq(list(av[-1]))  # type: ignore[index]
        if op is c.BRANCH:
            out: set[str] = set()
            nullable = False
            for branch in av[1]:  # type: ignore[index]
                first, null = seq(list(branch))
                if first is None:
                    return None, False
                out |= first
                nullable = nullable or null
            return out, nullable
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _high, sub = av  # type: ignore[misc]
            first, null = seq(list(sub))  # type: ignore[has-type]
            return first, null or low == 0  # type: ignore[has-type]
        return None, False

    first, nullable = seq(list(tree))
    return None if first is None or nullable else frozenset(first)


_SCREEN_CHARS = 4  # a shorter run of text ("min", " ") is in too many lines to screen them by


def required_literal(pattern: str) -> str:
    """The longest run of plain characters that every match of `pattern` holds, or "".

    Read from the parse tree like `first_chars`: a run of literal characters at the top
    level of the pattern (or inside groups that change no flag) must be matched as it
    stands. Case-insensitive patterns answer "" (their literals match other text too).
    """
    return max(_required_runs(pattern), key=len, default="")


def required_chars(pattern: str) -> frozenset[str]:
    """The characters every match of `pattern` holds (those of `required_literal`'s runs,
    all of them), as far as the parse tree tells; case-insensitive patterns: none."""
    return frozenset("".join(_required_runs(pattern)))


def _required_runs(pattern: str) -> list[str]:
    """The runs of literal characters at the top level of `pattern` (or inside groups that
    change no flag): every match holds each of them as it stands."""
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser as p  # type: ignore[attr-defined]

        tree = p.parse(pattern)
    except Exception:
        return []
    if tree.state.flags & re.IGNORECASE:
        return []
    runs: list[str] = []
    run: list[str] = []

    def walk(items: list[tuple[object, object]]) -> None:
        for op, av in items:
            if op is c.LITERAL:
                run.append(chr(av))  # type: ignore[arg-type]
                continue
            if op is c.SUBPATTERN and not av[1] and not av[2]:  # type: ignore[index]
                walk(list(av[-1]))  # type: ignore[index]
                continue
            runs.append("".join(run))
            run.clear()

    walk(list(tree))
    runs.append("".join(run))
    return [r for r in runs if r]


_PROSE_WORDS = 15  # a line this long that ends like a sentence reads as prose
_LEAD_WORDS = 3
_OPEN_QUOTE = re.compile(r"[\"“„«‘‚‹]")
_CLOSE_QUOTE = re.compile(r"[\"”“»’‘›]")
# Chrome speaks to the reader ("your device", "votre appareil"); news about chrome
# does not. Lower-case, so German "Sie"/"Ihre" are included at the cost of "they".
_TO_READER = re.compile(r"\b(?:you|your|vous|votre|vos|ihre?n?|usted|tu|tus|tú)\b")


def _leads(lower: str, m: re.Match[str], n_words: int) -> bool:
    """Whether an `anywhere` phrase found in `lower` is enough to drop the line.

    In a line of prose the phrase must be outside quotation marks and open the line
    or stand in a line that speaks to the reader: "We and our partners use cookies
    to ... your device" is a banner, while an article sentence that mentions a paywall
    ("readers must subscribe to continue reading ...") or quotes a banner is news.
    Buried in prose, the phrase is only a hint: the line model weighs it with the
    line's neighbours ("We and our partners use cookies ..." at the top of a page
    still goes, as "cookie").
    """
    if n_words < _PROSE_WORDS or not ends_sentence(lower):
        return True
    before = lower[: m.start()]
    if _OPEN_QUOTE.search(before) and not _CLOSE_QUOTE.search(before[1:]):
        return False  # quoted
    return len(before.split()) <= _LEAD_WORDS or bool(_TO_READER.search(lower))


class RuleBook:
    """The rules compiled for speed.

    A line is lower-cased and trimmed of trailing punctuation and counters before the
    `whole` match, so "Comments (12)" and "Share:" hit like "comments" and "share".
    Python's regex engine tries alternatives one by one, so the phrases are grouped
    by their first letter and a line is only tried against its own group (plus the
    few phrases that can start with anything). `anywhere` phrases are only searched
    for when one of their literal words occurs in the line.

    Every one of these shortcuts gives the answer of the plain form (one alternation
    of all phrases in rule order), which `tests/test_rules.py` checks on generated lines:
    a phrase is left out only where it cannot match, and where phrases are tried
    apart, the one the alternation would have found (first in order, or leftmost then
    first) is the one kept.
    """

    _TRIM = re.compile(r"[\s:.!?…»›>|·•*\-–—()\[\]\d←→↑↓▾▸▶]+$")
    _LEAD = re.compile(r"^[\s«‹<|·•*\-–—←→↑↓▾▸▶]+")

    def __init__(self, rules: tuple[LineRule, ...], *, screen: bool = True) -> None:
        """`screen=False` is for a user's own rules: every line is tried against every
        `anywhere` phrase (a user regex's literal words need not start a word of the
        line), and a hit is a verdict even inside prose (the user asked for it)."""
        self.rules = rules
        self.names = tuple(sorted({r.name for r in rules}))
        # (longest match, branch, whether every match holds a separator) by first character
        by_head: dict[str, list[tuple[int, str, bool]]] = {}
        wild: list[tuple[str, str]] = []  # (phrase, branch) of the phrases that may start with anything
        anywhere: list[str] = []
        reach: list[int] = []  # the most words a line may have for each `anywhere` phrase's rule to take it
        by_anchor: dict[str, list[int]] = {}
        order = 0
        for i, rule in enumerate(rules):
            for phrase in rule.phrases:
                # r<rule>_<order>: the rule a match is for, and the phrase's place in rule order
                name = f"r{i}_{order}"
                order += 1
                if rule.where == "anywhere":
                    runs = [r for r in _LITERAL_RUN.findall(phrase) if r not in _COMMON]
                    # every literal word of the phrase: one of them is not optional, so a
                    # line with none of them cannot match (a phrase with none: always try)
                    for run in runs or [""]:
                        by_anchor.setdefault(run[:4], []).append(len(anywhere))
                    anywhere.append(f"\\b(?P<{name}>{phrase})")
                    reach.append(rule.max_words)
                    continue
                # the group that names the branch closes it, so that a branch starting with
                # a letter still starts with that letter: the engine then skips it at a
                # glance on a line that does not
                branch = f"(?:{phrase})(?P<{name}>)"
                starts = first_chars(phrase)
                width = longest_match(phrase)
                separated = not _SEPARATORS.isdisjoint(required_chars(phrase))
                for key in sorted(starts) if starts else ():
                    by_head.setdefault(key, []).append((width, branch, separated))
                if not starts:
                    wild.append((phrase, branch))
        # phrases are lower-case and lines are lowered before matching: no IGNORECASE,
        # which makes Python's engine several times slower on long alternations
        # Each first letter's group comes in two variants, for lines with and without a
        # "/" or "|" (`_SEPARATORS`): a phrase that cannot match without one ("x / getty
        # images") is only in the first. Few lines hold one, and that phrase costs a scan of the line back and
        # forth to rule out, in every letter's group (":" was tried too: no faster).
        groups: dict[tuple[str, bool], list[tuple[int, str]]] = {}
        for head, entries in by_head.items():
            for held in (False, True):
                groups[head, held] = [(w, b) for w, b, separated in entries if held or not separated]
        compiled: dict[str, re.Pattern[str]] = {}  # variants that hold the same phrases share one
        self._whole = {k: _compile("|".join(b for _, b in v), compiled) for k, v in groups.items()}
        # a line longer than every bounded phrase of its group can only be one of the
        # unbounded ones ("tags: .*"): those alone, in the same order
        self._short = {k: max((w for w, _ in v if w < _UNBOUNDED), default=-1) for k, v in groups.items()}
        long_ones = {k: [b for w, b in v if w > self._short[k]] for k, v in groups.items()}
        self._whole_long = {k: _compile("|".join(v), compiled) if v else None for k, v in long_ones.items()}
        # The phrases that may start with anything are tried after a line's own group.
        # Those holding a sure run of plain text (".*\\ball rights reserved\\b.*") are only
        # tried on a line that holds it: a leading ".*" costs a scan of the line each.
        sure_text = [(required_literal(phrase), b) for phrase, b in wild]
        plain = [b for lit, b in sure_text if len(lit) < _SCREEN_CHARS]
        screened = [(lit, re.compile(b)) for lit, b in sure_text if len(lit) >= _SCREEN_CHARS]
        self._wild = re.compile("|".join(plain)) if plain else None
        self._screened = tuple(screened)
        # Lines are screened by the first four letters of their words: only the phrases
        # that hold one of the line's prefixes are searched for, one alternation (in rule
        # order) per prefix, compiled here once (see `_search`). A phrase with no literal
        # word is searched for in every line.
        always = by_anchor.pop("", []) if screen else list(range(len(anywhere)))
        self._always = re.compile("|".join(anywhere[i] for i in always)) if always else None
        self._prose_guard = screen
        self._by_anchor = {k: re.compile("|".join(anywhere[i] for i in dict.fromkeys(v))) for k, v in by_anchor.items()}
        self._reach = {k: max(reach[i] for i in v) for k, v in by_anchor.items()}
        self._always_reach = max((reach[i] for i in always), default=-1)
        self._least_reach = min(self._reach.values(), default=-1)
        self._anchors = frozenset(self._by_anchor)
        self._unsure = {r.name: LineRule(r.name, (), r.where, r.max_words, r.tail, sure=False) for r in rules}

    def _rule(self, m: re.Match[str] | None) -> LineRule | None:
        if m is None or not m.lastgroup:
            return None
        return self.rules[int(m.lastgroup[1:].split("_")[0])]

    def _fullmatch(self, candidate: str) -> re.Match[str] | None:
        """What one alternation of the line's head group, then the phrases that may
        start with anything, would match: the first phrase in that order that covers
        the whole line."""
        key = (candidate[0], "/" in candidate or "|" in candidate)
        group = self._whole.get(key) if len(candidate) <= self._short.get(key, -1) else self._whole_long.get(key)
        m = group.fullmatch(candidate) if group else None
        if m is not None:
            return m
        m = self._wild.fullmatch(candidate) if self._wild else None
        for literal, pattern in self._screened:
            if m is not None and _order(pattern) > _order(m):
                break
            if literal in candidate and (hit := pattern.fullmatch(candidate)) is not None:
                return hit
        return m

    def match(self, line: str, n_words: int) -> LineRule | None:
        """The first rule that knows this line as chrome, if any."""
        lower = line.strip().lower()
        if n_words <= 40 and lower:
            trimmed = _trim_start(_trim_end(lower)) or lower
            for candidate in (trimmed, lower) if trimmed != lower else (lower,):
                rule = self._rule(self._fullmatch(candidate))
                if rule is not None and n_words <= rule.max_words:
                    return rule
        if n_words <= 60:
            m = self._search(lower, n_words)
            rule = self._rule(m)
            if rule is not None and m is not None and n_words <= rule.max_words:
                buried = self._prose_guard and not _leads(lower, m, n_words)
                return self._unsure[rule.name] if buried else rule
        return None

    def _search(self, lower: str, n_words: int = 0) -> re.Match[str] | None:
        """The match one alternation of the `anywhere` phrases this line could hold (in
        rule order) would give: the leftmost hit, and of hits at the same place the
        earlier phrase. Each prefix's alternation gives its own leftmost-then-first hit,
        and the best of those is that match, without compiling an alternation per set
        of prefixes (about a quarter of text mode's time, when it was compiled per line
        and memoised).

        None, without a search, when the line's `n_words` are more than every rule of
        those phrases takes (`max_words`): whatever it found, `match` would answer None
        (one line in fourteen of those searched, most of them long).
        """
        keys = self._anchors.intersection(_RUN_HEAD.findall(lower))
        beyond = n_words > self._least_reach and n_words > self._always_reach  # (most lines are short)
        if beyond and all(n_words > self._reach[key] for key in keys):
            return None
        patterns = [self._by_anchor[key] for key in keys]
        if self._always is not None:
            patterns.append(self._always)
        best: re.Match[str] | None = None
        for pattern in patterns:
            m = pattern.search(lower)
            if m is not None and (best is None or (m.start(), _order(m)) < (best.start(), _order(best))):
                best = m
        return best


# `RuleBook._TRIM` and `RuleBook._LEAD` as character loops: a line rarely ends (or starts)
# with more than a few of these, and the regexes try every position of the line first.
_TRIM_MARKS = ":.!?…»›>|·•*-–—()[]←→↑↓▾▸▶"  # with spaces and digits (\\s, \\d)
_LEAD_MARKS = "«‹<|·•*-–—←→↑↓▾▸▶"  # with spaces
_TRIM_FAST = _TRIM_MARKS + " \t\n\r\x0b\x0c0123456789"  # the marks, ASCII spaces and digits
_LEAD_FAST = _LEAD_MARKS + " \t\n\r\x0b\x0c"


def _trim_end(text: str) -> str:
    """`RuleBook._TRIM.sub("", text)`: trailing punctuation, counters and spaces off.

    `str.rstrip` takes the marks and the ASCII spaces and digits in C; only a line that
    then ends with another space or digit (a no-break space, "٣") needs the loop."""
    text = text.rstrip(_TRIM_FAST)
    if not text or not ((c := text[-1]).isspace() or c.isdecimal()):
        return text
    i = len(text)
    while i and ((c := text[i - 1]) in _TRIM_MARKS or c.isspace() or c.isdecimal()):
        i -= 1
    return text[:i]


def _trim_start(text: str) -> str:
    """`RuleBook._LEAD.sub("", text)`: leading bullets, arrows and spaces off (the marks
    and ASCII spaces by `str.lstrip`, in C, as `_trim_end` does)."""
    text = text.lstrip(_LEAD_FAST)
    if not text or not text[0].isspace():
        return text
    i = 0
    while i < len(text) and ((c := text[i]) in _LEAD_MARKS or c.isspace()):
        i += 1
    return text[i:]


_UNBOUNDED = 1 << 16  # a phrase that may match more characters than this has no useful bound


def longest_match(pattern: str) -> int:
    """The most characters a match of `pattern` can span (at least `_UNBOUNDED` when there
    is no bound, or the pattern does not parse): Python's own parser works it out."""
    try:
        from re import _parser as p  # type: ignore[attr-defined]

        return min(int(p.parse(pattern).getwidth()[1]), _UNBOUNDED)
    except Exception:
        return _UNBOUNDED


def _compile(pattern: str, compiled: dict[str, re.Pattern[str]]) -> re.Pattern[str]:
    """`re.compile(pattern)`, once per pattern in `compiled`."""
    found = compiled.get(pattern)
    if found is None:
        found = compiled[pattern] = re.compile(pattern)
    return found


def _order(m: re.Match[str] | re.Pattern[str]) -> int:
    """A branch's place in rule order, from the name of its group (`r<rule>_<order>`)."""
    name = m.lastgroup if isinstance(m, re.Match) else next(iter(m.groupindex))
    return int(str(name).rsplit("_", 1)[1])


RULEBOOK = RuleBook(RULES)
